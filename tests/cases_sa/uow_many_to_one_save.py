# from test/orm/test_unitofworkv2.py RudimentaryFlushTest.test_many_to_one_save
# schema: uow_m2o
# Two new addresses pointing to a new user: INSERT users first.
sess = Session()
u1 = User(name="u1")
a1, a2 = (Address(email_address="a1", user=u1), Address(email_address="a2", user=u1))
sess.add_all([a1, a2])
sess.flush()
print(a1.user_id == u1.id, inspect(u1).persistent)
