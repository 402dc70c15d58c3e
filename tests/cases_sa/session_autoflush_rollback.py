# from test/orm/test_session.py SessionStateWFixtureTest.test_autoflush_rollback
# schema: fixtures
# setup: fixture_rows
# An autoflushed change, then rollback(): the change is undone and the object expired.
sess = Session(autoflush=True)
u = sess.get(User, 8)
newad = Address(email_address="a new address")
u.addresses.append(newad)
u.name = "some new name"
print(u.name)
print(len(u.addresses))
print(newad in u.addresses)
sess.rollback()
print(u.name)
print(len(u.addresses))
print(newad in u.addresses, inspect(newad).transient)
