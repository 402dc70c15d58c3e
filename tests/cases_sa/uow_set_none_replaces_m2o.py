# from test/orm/test_unitofworkv2.py RowswitchM2OTest.test_set_none_replaces_m2o
# schema: fixtures
# A row switch where the new object's many-to-one is None: the UPDATE sets the foreign key to NULL.
sess = Session()
u = User(id=1, name="u")
o1 = Order(id=1, description="o1", user=u)
sess.add(o1)
sess.commit()
sess.delete(o1)
o2 = Order(id=1, user=None)
sess.add(o2)
sess.flush()
print(sess.execute(select(Order.id, Order.user_id)).all())
