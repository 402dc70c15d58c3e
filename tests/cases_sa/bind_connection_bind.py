# from test/orm/test_bind.py BindIntegrationTest.test_bound_connection
# schema: fixtures
# A Session bound to a Connection with a transaction: the Session's commit leaves it to the connection.
c = engine.connect()
trans = c.begin()
sess = Session(bind=c)
sess.add(User(name="jack"))
sess.commit()
print(trans.is_active, c.in_transaction())
trans.rollback()
print(c.execute(select(func.count()).select_from(User)).scalar())
sess.close()
c.close()
