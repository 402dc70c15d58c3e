# from test/orm/test_transaction.py SessionTransactionTest.test_join_transaction_modes
# schema: fixtures
# join_transaction_mode="create_savepoint": Session.rollback() rolls back to its savepoint; the outer transaction commits the earlier row.
connection = engine.connect()
trans = connection.begin()
connection.execute(insert(User).values(name="outer"))
sess = Session(bind=connection, join_transaction_mode="create_savepoint")
sess.add(User(name="u1"))
sess.flush()
sess.rollback()
print(trans.is_active)
trans.commit()
with engine.connect() as c2:
    print(c2.execute(select(User.name)).all())
connection.close()
