# from test/orm/test_unitofworkv2.py RudimentaryFlushTest.test_many_to_one_delete_target
# schema: uow_m2o
# Deleting the user after setting the references to None: UPDATE addresses SET user_id=NULL, then DELETE users.
sess = Session()
u1 = User(name="u1")
a1, a2 = (Address(email_address="a1", user=u1), Address(email_address="a2", user=u1))
sess.add_all([a1, a2])
sess.flush()
sess.delete(u1)
a1.user = a2.user = None
sess.flush()
print(a1.user_id, a2.user_id)
