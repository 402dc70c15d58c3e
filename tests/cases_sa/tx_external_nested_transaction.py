# from test/orm/test_transaction.py SessionTransactionTest.test_external_nested_transaction
# schema: fixtures
# A Session on a Connection with a transaction: a savepoint rolled back discards only its row; the outer commit keeps the first.
connection = engine.connect()
trans = connection.begin()
sess = Session(bind=connection, autoflush=True)
u1 = User(name="u1")
sess.add(u1)
sess.flush()
savepoint = sess.begin_nested()
u2 = User(name="u2")
sess.add(u2)
sess.flush()
savepoint.rollback()
trans.commit()
print(len(sess.query(User).all()))
sess.close()
connection.close()
