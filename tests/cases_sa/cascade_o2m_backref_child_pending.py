# from test/orm/test_cascade.py NoSaveCascadeFlushTest.test_o2m_backref_child_pending
# schema: fixtures
# setup: fixture_rows
# An address appended to a persistent user's collection is cascaded into the session (save-update) and inserted.
sess = Session()
u1 = sess.get(User, 7)
a1 = Address(email_address="a1")
u1.addresses.append(a1)
print(a1 in sess)
sess.flush()
print(a1.user_id, inspect(a1).persistent)
