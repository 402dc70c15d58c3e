# from test/orm/test_merge.py MergeTest.test_transient_non_mutated_collection
# schema: fixtures
# Merging a transient user whose empty collection was only read does not empty the stored collection.
s = Session()
u = User(id=7, name="fred", addresses=[Address(id=1, email_address="jack@bean.com")])
s.add(u)
s.commit()
s.close()
u = User(id=7, name="fred")
print(u.addresses)
u2 = s.merge(u)
print([a.email_address for a in u2.addresses])
