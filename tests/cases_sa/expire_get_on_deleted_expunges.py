# from test/orm/test_expire.py ExpireTest.test_get_on_deleted_expunges
# schema: fixtures
# setup: fixture_rows
# get() of an expired object whose row was deleted returns None and expunges the object.
u = session.get(User, 10)
session.expire_all()
session.execute(delete(User).where(User.id == 10))
print(u in session)
print(session.get(User, 10))
print(u in session)
print(inspect(u).detached)
