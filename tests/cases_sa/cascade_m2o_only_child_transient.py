# from test/orm/test_cascade.py NoSaveCascadeFlushTest.test_m2o_only_child_transient
# schema: fixtures
# setup: fixture_rows
# Setting a transient user on a persistent address: save-update cascades the user into the session and the flush inserts it first.
sess = Session()
a1 = sess.get(Address, 1)
u1 = User(name="u1")
a1.user = u1
print(u1 in sess)
sess.flush()
print(a1.user_id == u1.id, inspect(u1).persistent)
