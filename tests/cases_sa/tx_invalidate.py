# from test/orm/test_transaction.py SessionTransactionTest.test_invalidate
# schema: fixtures
# invalidate() closes the session's connection; the flushed row is gone; a new connection is valid.
sess = Session()
u = User(name="u1")
sess.add(u)
sess.flush()
c1 = sess.connection(bind_arguments={"mapper": User})
sess.invalidate()
print(c1.closed, c1.invalidated)
print(sess.query(User).all())
c2 = sess.connection(bind_arguments={"mapper": User})
print(c2.invalidated, c2 is c1)
