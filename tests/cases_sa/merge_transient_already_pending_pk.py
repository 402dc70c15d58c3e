# from test/orm/test_merge.py MergeTest.test_warn_transient_already_pending_pk
# schema: fixtures
# merge() of an object already pending in the session (with a primary key).
sess = Session(autoflush=False)
u = User(id=1, name="fred")
sess.add(u)
u2 = sess.merge(u)
print(u2 is u, len(sess.new))
