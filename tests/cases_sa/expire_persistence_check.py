# from test/orm/test_expire.py ExpireTest.test_persistence_check
# schema: fixtures
# setup: fixture_rows
# expire() of an object that is not in the session raises InvalidRequestError.
u = session.get(User, 7)
session.expunge_all()
try:
    session.expire(u)
except Exception as e:
    print(type(e).__name__)
