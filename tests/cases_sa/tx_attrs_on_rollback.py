# from test/orm/test_transaction.py FixtureDataTest.test_attrs_on_rollback
# schema: fixtures_cascade
# setup: fixture_rows
# rollback() discards an unflushed change.
sess = Session()
u1 = sess.get(User, 7)
u1.name = "ed"
sess.rollback()
print(u1.name)
