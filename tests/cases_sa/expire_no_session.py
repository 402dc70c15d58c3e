# from test/orm/test_expire.py ExpireTest.test_no_session
# schema: fixtures
# setup: fixture_rows
# An expired attribute of a detached object raises DetachedInstanceError.
u = session.get(User, 7)
session.expire(u, attribute_names=["name"])
session.expunge(u)
try:
    u.name
except Exception as e:
    print(type(e).__name__)
