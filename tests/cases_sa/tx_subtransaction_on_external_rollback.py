# from test/orm/test_transaction.py SessionTransactionTest.test_subtransaction_on_external_rollback
# schema: fixtures
# On an external transaction, Session.rollback() rolls the connection's transaction back; Connection.commit() has nothing left.
connection = engine.connect()
connection.begin()
sess = Session(bind=connection, autoflush=True)
u = User(name="ed")
sess.add(u)
sess.flush()
sess.rollback()
print(connection.in_transaction())
connection.commit()
print(len(sess.query(User).all()))
sess.close()
connection.close()
