# from test/orm/test_merge.py MergeTest.test_no_relationship_cascade
# schema: fixtures
# merge() of a transient address with the id of a persistent one: its columns are copied and its new user (default cascade includes merge) is inserted.
sess = Session()
u1 = User(name="fred")
a1 = Address(email_address="asdf", user=u1)
sess.add(a1)
sess.flush()
a2 = Address(id=a1.id, email_address="bar", user=User(name="hoho"))
a2 = sess.merge(a2)
sess.flush()
print([(a.id, a.email_address) for a in sess.query(Address).all()])
print(sorted(u.name for u in sess.query(User).all()))
