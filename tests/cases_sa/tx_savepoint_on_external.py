# from test/orm/test_transaction.py SessionTransactionTest.test_savepoint_on_external
# schema: fixtures
# A session savepoint on an external transaction, rolled back; the connection commits the first row only.
connection = engine.connect()
connection.begin()
sess = Session(bind=connection, autoflush=True)
u1 = User(name="u1")
sess.add(u1)
sess.flush()
n1 = sess.begin_nested()
u2 = User(name="u2")
sess.add(u2)
sess.flush()
n1.rollback()
connection.commit()
print(len(sess.query(User).all()))
sess.close()
connection.close()
