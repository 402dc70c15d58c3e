# from test/orm/test_merge.py MergeTest.test_transient_to_pending
# schema: fixtures
# merge() of a transient object with a primary key: one SELECT, a new pending copy, inserted by the flush.
sess = Session()
u = User(id=7, name="fred")
u2 = sess.merge(u)
print(u2 in sess, u2 is u, inspect(u2).pending, inspect(u).transient)
print(u2.id, u2.name)
sess.flush()
sess.expunge_all()
print(sess.query(User).first())
