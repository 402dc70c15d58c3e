# from test/orm/test_expire.py ExpireTest.test_expire_cascade_pending_orphan
# schema: fixtures_cascade
# setup: fixture_rows
# Expiring the parent of a pending child (delete-orphan): the child leaves the session and the collection.
session = Session(autoflush=False)
u = session.get(User, 8)
a = Address(id=12, email_address="foobar")
u.addresses.append(a)
session.expire(u)
print(a in session)
print(a in u.addresses)
session.flush()
