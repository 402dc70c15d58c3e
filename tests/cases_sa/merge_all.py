# from test/orm/test_merge.py MergeTest.test_merge_all
# schema: fixtures
# merge_all() merges each object: one persistent copy updated, one new one pending.
sess = Session()
u1 = User(id=15, name="u1")
sess.add(u1)
sess.commit()
sess.close()
u1 = User(id=15, name="u1 changed")
u2 = User(id=16, name="u2")
r = sess.merge_all([u1, u2])
print([(u.id, u.name) for u in r])
print([inspect(u).persistent for u in r], [inspect(u).pending for u in r])
sess.flush()
