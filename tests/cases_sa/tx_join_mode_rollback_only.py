# from test/orm/test_transaction.py SessionTransactionTest.test_join_transaction_modes
# schema: fixtures
# join_transaction_mode="rollback_only": Session.commit() leaves the external transaction open; Session.rollback() rolls it back.
connection = engine.connect()
trans = connection.begin()
sess = Session(bind=connection, join_transaction_mode="rollback_only")
sess.add(User(name="u1"))
sess.commit()
print(trans.is_active)
sess.add(User(name="u2"))
sess.flush()
sess.rollback()
print(trans.is_active, connection.in_transaction())
print(connection.execute(select(func.count()).select_from(User)).scalar())
connection.close()
