# from test/orm/test_merge.py MergeTest.test_warn_transient_already_pending_nopk
# schema: fixtures
# merge() of an object already pending in the session (no primary key): a second pending copy (with a warning in SQLAlchemy).
sess = Session(autoflush=False)
u = User(name="fred")
sess.add(u)
u2 = sess.merge(u)
print(u2 is u, len(sess.new))
