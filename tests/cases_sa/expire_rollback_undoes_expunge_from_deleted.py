# from test/orm/test_expire.py ExpireTest.test_rollback_undoes_expunge_from_deleted
# schema: fixtures
# setup: fixture_rows
# The expunge that get() does for a vanished row is undone by rollback(): the object is back and loads again.
u = session.get(User, 10)
session.expire_all()
session.execute(delete(User).where(User.id == 10))
print(session.get(User, 10))
print(u in session)
session.rollback()
print(u in session)
print(u.name)
