# from test/orm/test_transaction.py SessionTransactionTest.test_nested_autotrans
# schema: fixtures
# session.rollback() inside a savepoint rolls back the whole transaction.
sess = Session()
u = User(name="u1")
sess.add(u)
sess.flush()
sess.begin_nested()
u2 = User(name="u2")
sess.add(u2)
sess.flush()
sess.rollback()
sess.commit()
print(len(sess.query(User).all()))
sess.close()
