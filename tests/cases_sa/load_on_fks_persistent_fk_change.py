# from test/orm/test_load_on_fks.py LoadOnFKsTest.test_persistent_change_fk_loads_on_expire
# schema: fixtures
# setup: fixture_rows
# Changing a persistent object's foreign key does not change the loaded many-to-one until it is expired.
sess = Session()
a = sess.get(Address, 1)
print(a.user.name)
a.user_id = 8
print(a.user.name)
sess.flush()
sess.expire(a, ["user"])
print(a.user.name)
