# from test/orm/test_transaction.py FixtureDataTest.test_concurrent_commit_persistent
# schema: fixtures_cascade
# setup: fixture_rows
# A second session's committed change is seen by the first session's expired object.
s1 = Session()
u1 = s1.get(User, 7)
u1.name = "ed"
s1.commit()
s2 = Session()
u2 = s2.get(User, 7)
print(u2.name)
u2.name = "will"
s2.commit()
print(u1.name)
