# from test/orm/test_unitofworkv2.py RudimentaryFlushTest.test_one_to_many_delete_parent
# schema: fixtures_nobackref
# Deleting only the user: the addresses' user_id is set to NULL, then the user is deleted.
sess = Session()
a1, a2 = Address(email_address="a1"), Address(email_address="a2")
u1 = User(name="u1", addresses=[a1, a2])
sess.add(u1)
sess.flush()
sess.delete(u1)
sess.flush()
print(a1.user_id, a2.user_id)
