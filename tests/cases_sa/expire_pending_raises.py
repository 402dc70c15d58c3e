# from test/orm/test_expire.py ExpireTest.test_pending_raises
# schema: fixtures
# setup: fixture_rows
# expire() of a pending object raises InvalidRequestError.
u = User(id=15)
session.add(u)
try:
    session.expire(u, ["name"])
except Exception as e:
    print(type(e).__name__)
print(inspect(u).pending)
