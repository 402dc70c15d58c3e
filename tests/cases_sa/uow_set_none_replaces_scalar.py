# from test/orm/test_unitofworkv2.py RowswitchM2OTest.test_set_none_replaces_scalar
# schema: fixtures
# A row switch where the new object sets a column to None: the UPDATE writes NULL.
sess = Session()
o1 = Order(id=1, description="o1", isopen=1)
sess.add(o1)
sess.commit()
sess.delete(o1)
o2 = Order(id=1, description=None)
sess.add(o2)
sess.flush()
print(sess.execute(select(Order.id, Order.description, Order.isopen)).all())
