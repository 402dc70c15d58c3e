# from test/orm/test_unitofworkv2.py BatchInsertsTest.test_batch_interaction
# schema: fixtures
# Inserts with and without explicit ids and with None values are batched by the columns they carry.
sess = Session()
sess.add_all([User(id=1, name="u1"), User(id=2, name="u2"), User(name="u3"), User(name="u4"), User(id=5, name="u5")])
sess.flush()
sess.add_all([Order(description="o1"), Order(description="o2", isopen=1), Order(description=None), Order(description="o4")])
sess.flush()
print(sess.execute(select(User.id, User.name).order_by(User.id)).all())
print(sess.execute(select(Order.description, Order.isopen).order_by(Order.id)).all())
