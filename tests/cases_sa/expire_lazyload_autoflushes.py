# from test/orm/test_expire.py ExpireTest.test_lazyload_autoflushes
# schema: fixtures
# setup: fixture_rows
# Re-loading an expired collection autoflushes a pending change of one of its members first.
u = session.get(User, 8)
print([a.email_address for a in u.addresses])
a1 = u.addresses[2]
a1.email_address = "aaaaa"
session.expire(u, ["addresses"])
print([a.email_address for a in u.addresses])
