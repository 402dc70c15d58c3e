# from test/orm/test_merge.py MergeTest.test_transient_to_pending_no_pk
# schema: fixtures
# merge() of a transient object without a primary key emits no SQL.
sess = Session()
u = User(name="fred")
u2 = sess.merge(u)
print(inspect(u2).pending, u2.name)
