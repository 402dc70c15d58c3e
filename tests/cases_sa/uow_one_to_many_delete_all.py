# from test/orm/test_unitofworkv2.py RudimentaryFlushTest.test_one_to_many_delete_all
# schema: fixtures_nobackref
# Deleting the user and both addresses: DELETE addresses (executemany) then DELETE users.
sess = Session()
a1, a2 = Address(email_address="a1"), Address(email_address="a2")
u1 = User(name="u1", addresses=[a1, a2])
sess.add(u1)
sess.flush()
sess.delete(u1)
sess.delete(a1)
sess.delete(a2)
sess.flush()
print(sess.execute(select(func.count()).select_from(Address)).scalar())
