# from test/orm/test_merge.py MergeTest.test_unsaved_cascade
# schema: fixtures_cascade
# Merging a transient user with transient addresses cascades: the merged user has new address objects, all inserted.
u = User(name="fred")
a1 = Address(email_address="foo1")
a2 = Address(email_address="foo2")
u.addresses.append(a1)
u.addresses.append(a2)
sess = Session()
u2 = sess.merge(u)
print(u2 is u, u2.addresses[0] is a1)
sess.flush()
sess.expunge_all()
u = sess.get(User, u2.id)
print(u.name, [x.email_address for x in u.addresses])
