# from test/orm/test_expire.py ExpireTest.test_refresh_cancels_expire
# schema: fixtures
# setup: fixture_rows
# refresh() after expire() loads the object; get() then needs no SQL.
u = session.get(User, 7)
session.expire(u)
session.refresh(u)
u2 = session.get(User, 7)
print(u2.name, u2 is u)
