# from test/orm/test_transaction.py SessionTransactionTest.test_subtransaction_on_external_no_begin
# schema: fixtures
# A Session on a Connection with a transaction begun: Session.commit() leaves it open; the Connection's rollback undoes the flush.
connection = engine.connect()
trans = connection.begin()
sess = Session(bind=connection, autoflush=True)
u = User(name="ed")
sess.add(u)
sess.flush()
sess.commit()
print(trans.is_active)
trans.rollback()
print(len(sess.query(User).all()))
sess.close()
connection.close()
