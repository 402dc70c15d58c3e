# from test/orm/test_expire.py ExpireTest.test_expire_cascade_pending
# schema: fixtures
# setup: fixture_rows
# Expiring the parent of a pending child without delete-orphan: the child stays in the session, leaves the collection, and is inserted.
session = Session(autoflush=False)
u = session.get(User, 8)
a = Address(id=12, email_address="foobar")
u.addresses.append(a)
session.expire(u)
print(a in session)
print(a in u.addresses)
session.flush()
print(inspect(a).persistent, a.user_id)
