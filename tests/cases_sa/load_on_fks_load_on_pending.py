# from test/orm/test_load_on_fks.py LoadOnFKsTest.test_m2o_history_on_persistent_allows_backref_event
# schema: fixtures
# setup: fixture_rows
# A new address with user_id set explicitly: its many-to-one is None until flushed, then loads the user.
sess = Session()
a = Address(email_address="x", user_id=7)
sess.add(a)
print(a.user)
sess.flush()
sess.expire(a, ["user"])
print(a.user.name)
