# from test/orm/test_transaction.py SessionTransactionTest.test_join_transaction_modes
# schema: fixtures
# join_transaction_mode="control_fully": Session.commit() commits the external transaction.
connection = engine.connect()
trans = connection.begin()
sess = Session(bind=connection, join_transaction_mode="control_fully")
sess.add(User(name="u1"))
sess.commit()
print(trans.is_active, connection.in_transaction())
connection.close()
with engine.connect() as c2:
    print(c2.execute(select(User.name)).all())
