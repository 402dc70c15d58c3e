# from test/orm/test_unitofworkv2.py RudimentaryFlushTest.test_o2m_flush_size
# schema: fixtures_nobackref
# Flushes of a user alone, with an address, and of a change: each sends only what is needed.
sess = Session()
u1 = User(name="ed")
sess.add(u1)
sess.flush()
u1.name = "jack"
sess.flush()
a1 = Address(email_address="foo")
sess.add(a1)
sess.flush()
u1.addresses.append(a1)
sess.flush()
print(a1.user_id == u1.id)
