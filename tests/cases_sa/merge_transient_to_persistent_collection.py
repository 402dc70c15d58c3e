# from test/orm/test_merge.py MergeTest.test_transient_to_persistent_collection
# schema: fixtures_cascade
# Merging a transient user with a new collection replaces the stored one; the old addresses are orphans and deleted.
u = User(id=7, name="fred", addresses=[Address(id=1, email_address="fred1"), Address(id=2, email_address="fred2")])
sess = Session()
sess.add(u)
sess.flush()
sess.expunge_all()
u = User(id=7, name="fred", addresses=[Address(id=3, email_address="fred3"), Address(id=4, email_address="fred4")])
u = sess.merge(u)
print([(a.id, a.email_address) for a in u.addresses])
print(len(sess.deleted))
sess.flush()
sess.expunge_all()
u = sess.query(User).one()
print([(a.id, a.email_address) for a in u.addresses])
