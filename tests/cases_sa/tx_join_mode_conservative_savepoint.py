# from test/orm/test_transaction.py SessionTransactionTest.test_join_transaction_modes
# schema: fixtures
# The default join mode inside an external savepoint: the Session works in savepoints of its own.
connection = engine.connect()
trans = connection.begin()
sp = connection.begin_nested()
sess = Session(bind=connection)
sess.add(User(name="u1"))
sess.commit()
print(trans.is_active, sp.is_active, connection.in_nested_transaction())
sess.add(User(name="u2"))
sess.flush()
sess.rollback()
print(trans.is_active, sp.is_active)
print(connection.execute(select(User.name).order_by(User.id)).scalars().all())
trans.rollback()
connection.close()
