# from test/orm/test_transaction.py SessionTransactionTest.test_subtransaction_on_external_commit
# schema: fixtures
# Connection.begin() (autobegin of the connection), Session.commit() does nothing, Connection.rollback() undoes the flush.
connection = engine.connect()
connection.begin()
sess = Session(bind=connection, autoflush=True)
u = User(name="ed")
sess.add(u)
sess.flush()
sess.commit()
connection.rollback()
print(len(sess.query(User).all()))
sess.close()
connection.close()
