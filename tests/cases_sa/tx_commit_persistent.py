# from test/orm/test_transaction.py FixtureDataTest.test_commit_persistent
# schema: fixtures_cascade
# setup: fixture_rows
# A flushed and committed change is kept (and reloaded after the commit).
sess = Session()
u1 = sess.get(User, 7)
u1.name = "ed"
sess.flush()
sess.commit()
print(u1.name)
