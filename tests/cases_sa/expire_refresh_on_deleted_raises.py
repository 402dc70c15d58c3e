# from test/orm/test_expire.py ExpireTest.test_refresh_on_deleted_raises
# schema: fixtures
# setup: fixture_rows
# Loading an expired attribute of an object whose row is gone raises ObjectDeletedError.
u = session.get(User, 10)
session.expire_all()
session.execute(delete(User).where(User.id == 10))
try:
    u.name
except Exception as e:
    print(type(e).__name__)
