# from test/orm/test_unitofworkv2.py RudimentaryFlushTest.test_many_to_one_del_attr_unloaded
# schema: uow_m2o
# del of an expired many-to-one whose target is not in the session: UPDATE addresses SET user_id=NULL.
sess = Session()
u1 = User(name="u1")
a1, a2 = (Address(email_address="a1", user=u1), Address(email_address="a2", user=u1))
sess.add_all([a1, a2])
sess.flush()
sess.expunge(u1)
sess.expire(a1, ["user"])
del a1.user
sess.add(a1)
sess.flush()
print(a1.user_id)
