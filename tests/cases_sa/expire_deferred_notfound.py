# from test/orm/test_expire.py ExpireTest.test_deferred_notfound
# schema: fixtures
# setup: fixture_rows
# A deferred column of an object whose row was deleted raises ObjectDeletedError on access.
u = session.scalars(select(User).options(defer(User.name)).where(User.id == 10)).one()
print(sorted(inspect(u).unloaded))
session.execute(delete(User).where(User.id == 10))
try:
    u.name
except Exception as e:
    print(type(e).__name__)
