# from test/orm/test_merge.py MergeTest.test_dont_expire_pending
# schema: fixtures
# merge() of a transient copy of a pending object returns the pending object, not expired, with no SQL.
sess = Session(autoflush=False)
u = User(id=7, name="fred")
sess.add(u)
u2 = User(id=7)
u3 = sess.merge(u2)
print(u3 is u, u.name, sorted(inspect(u).expired_attributes))
sess.flush()
