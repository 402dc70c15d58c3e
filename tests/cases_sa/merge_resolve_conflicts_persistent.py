# from test/orm/test_merge.py MergeTest.test_resolve_conflicts_persistent
# schema: fixtures
# merge() of a transient object with the identity of a persistent one updates the persistent one.
sess = Session()
u1 = User(id=7, name="u1")
sess.add(u1)
sess.commit()
a1 = Address(email_address="a1", user=User(id=7, name="u1 changed"))
a2 = sess.merge(a1)
print(a2.user is u1, u1.name)
sess.flush()
