# from test/orm/test_unitofworkv2.py RudimentaryFlushTest.test_natural_ordering
# schema: uow_m2o
# Unconnected objects still flush in relationship order: users before addresses on insert, after on delete.
sess = Session()
u1 = User(id=1, name="u1")
a1 = Address(id=1, user_id=1, email_address="a2")
sess.add_all([u1, a1])
sess.flush()
sess.delete(u1)
sess.delete(a1)
sess.flush()
print(inspect(u1).deleted, inspect(a1).deleted)
