# from test/orm/test_transaction.py SessionTransactionTest.test_mixed_transaction_close
# schema: fixtures
# close() inside a savepoint discards everything; the next add/commit keeps one row.
sess = Session()
sess.begin_nested()
sess.add(User(name="u1"))
sess.flush()
sess.close()
sess.add(User(name="u2"))
sess.commit()
sess.close()
print(len(sess.query(User).all()))
