# from test/orm/test_merge.py MergeTest.test_cascades_dont_autoflush
# schema: fixtures
# merge() cascading over a collection does not autoflush the pending objects it creates.
sess = Session(autoflush=True)
m = User(id=7, name="fred", addresses=[Address(id=1, email_address="a1")])
u2 = sess.merge(m)
print(len(sess.new))
sess.flush()
print(sess.scalars(select(Address.user_id)).all())
