# from test/orm/test_transaction.py SessionTransactionTest.test_join_transaction_modes
# schema: fixtures
# join_transaction_mode="create_savepoint" on an external transaction: Session.commit() releases its savepoint, the outer transaction stays.
connection = engine.connect()
trans = connection.begin()
sess = Session(bind=connection, join_transaction_mode="create_savepoint")
sess.add(User(name="u1"))
sess.commit()
print(trans.is_active, connection.in_transaction(), connection.in_nested_transaction())
trans.rollback()
print(connection.execute(select(func.count()).select_from(User)).scalar())
connection.close()
