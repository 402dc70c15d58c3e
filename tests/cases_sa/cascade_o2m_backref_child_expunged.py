# from test/orm/test_cascade.py NoSaveCascadeFlushTest.test_o2m_backref_child_expunged
# schema: fixtures
# setup: fixture_rows
# An expunged address appended to a user's collection is added back by the cascade and updated.
sess = Session()
u1 = sess.get(User, 7)
a1 = sess.get(Address, 2)
sess.expunge(a1)
u1.addresses.append(a1)
print(a1 in sess)
sess.flush()
print(a1.user_id)
