# from test/orm/test_expire.py ExpireTest.test_get_refreshes
# schema: fixtures
# setup: fixture_rows
# get() of an expired object refreshes it with one SELECT; afterwards neither attribute access nor get() emits SQL.
u = session.get(User, 10)
session.expire_all()
u2 = session.get(User, 10)
print(u2 is u)
print(u.name)
print(session.get(User, 10) is u)
