# from test/orm/test_unitofworkv2.py RudimentaryFlushTest.test_many_to_one_delete_all
# schema: uow_m2o
# Deleting the addresses and their user: addresses first.
sess = Session()
u1 = User(name="u1")
a1, a2 = (Address(email_address="a1", user=u1), Address(email_address="a2", user=u1))
sess.add_all([a1, a2])
sess.flush()
sess.delete(u1)
sess.delete(a1)
sess.delete(a2)
sess.flush()
print(sess.execute(select(func.count()).select_from(User)).scalar())
