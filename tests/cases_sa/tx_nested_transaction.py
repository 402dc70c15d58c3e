# from test/orm/test_transaction.py SessionTransactionTest.test_nested_transaction
# schema: fixtures
# begin(), a flushed row, a savepoint with a second row rolled back; commit keeps one row.
sess = Session()
sess.begin()
u = User(name="u1")
sess.add(u)
sess.flush()
n1 = sess.begin_nested()
u2 = User(name="u2")
sess.add(u2)
sess.flush()
n1.rollback()
sess.commit()
print(len(sess.query(User).all()))
sess.close()
