# from test/orm/test_merge.py MergeTest.test_detached_to_persistent_collection
# schema: fixtures
# Merging a modified detached user: name change, one address added and one removed.
a = Address(id=1, email_address="fred1")
u = User(id=7, name="fred", addresses=[a, Address(id=2, email_address="fred2")])
sess = Session()
sess.add(u)
sess.flush()
sess.expunge_all()
u.name = "fred jones"
u.addresses.append(Address(id=3, email_address="fred3"))
u.addresses.remove(a)
u = sess.merge(u)
sess.flush()
sess.expunge_all()
u = sess.query(User).first()
print(u.name, [(x.id, x.email_address) for x in u.addresses])
print(sess.scalars(select(Address.user_id).order_by(Address.id)).all())
