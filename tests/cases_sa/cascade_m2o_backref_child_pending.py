# from test/orm/test_cascade.py NoSaveCascadeFlushTest.test_m2o_backref_child_pending
# schema: fixtures
# setup: fixture_rows
# A new address whose user is set to a persistent user joins the session through the backref.
sess = Session()
u1 = sess.get(User, 7)
a1 = Address(email_address="a1")
a1.user = u1
print(a1 in sess, a1 in u1.addresses)
sess.flush()
print(a1.user_id)
