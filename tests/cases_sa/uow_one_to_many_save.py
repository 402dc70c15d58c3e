# from test/orm/test_unitofworkv2.py RudimentaryFlushTest.test_one_to_many_save
# schema: fixtures_nobackref
# A new user with two addresses: INSERT users, then the addresses with the new user_id.
sess = Session()
a1, a2 = Address(email_address="a1"), Address(email_address="a2")
u1 = User(name="u1", addresses=[a1, a2])
sess.add(u1)
sess.flush()
print(a1.user_id == u1.id, a2.user_id == u1.id)
