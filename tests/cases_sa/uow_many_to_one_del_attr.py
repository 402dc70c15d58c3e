# from test/orm/test_unitofworkv2.py RudimentaryFlushTest.test_many_to_one_del_attr
# schema: uow_m2o
# del of a loaded many-to-one: UPDATE addresses SET user_id=NULL.
sess = Session()
u1 = User(name="u1")
a1, a2 = (Address(email_address="a1", user=u1), Address(email_address="a2", user=u1))
sess.add_all([a1, a2])
sess.flush()
del a1.user
sess.flush()
print(a1.user_id, a2.user_id == u1.id)
