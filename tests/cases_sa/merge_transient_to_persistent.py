# from test/orm/test_merge.py MergeTest.test_transient_to_persistent
# schema: fixtures
# merge() of a transient copy of an existing row loads the row and applies the change.
sess = Session()
u = User(id=7, name="fred")
sess.add(u)
sess.flush()
sess.expunge_all()
_u2 = u2 = User(id=7, name="fred jones")
u2 = sess.merge(u2)
print(u2 is _u2, u2 in sess.dirty)
sess.flush()
sess.expunge_all()
print(sess.query(User).first())
