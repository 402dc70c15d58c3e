# from test/orm/test_expire.py ExpireTest.test_expire_autoflush
# schema: fixtures
# setup: fixture_rows
# Expiring a foreign key column after setting the many-to-one: reading it autoflushes and loads the new value.
a1 = session.get(Address, 2)
u1 = session.get(User, 7)
a1.user = u1
session.expire(a1, ["user_id"])
print(a1.user_id)
