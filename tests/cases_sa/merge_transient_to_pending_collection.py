# from test/orm/test_merge.py MergeTest.test_transient_to_pending_collection
# schema: fixtures
# merge() of a transient user with transient addresses: SELECTs for the user and each address, then all are inserted.
u = User(id=7, name="fred", addresses=[Address(id=1, email_address="fred1"), Address(id=2, email_address="fred2")])
sess = Session()
u2 = sess.merge(u)
print(u2 is u, len(sess.new))
sess.flush()
sess.expunge_all()
u = sess.query(User).one()
print(u.id, u.name, [(a.id, a.email_address) for a in u.addresses])
