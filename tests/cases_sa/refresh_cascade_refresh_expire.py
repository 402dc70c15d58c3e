# from test/orm/test_expire.py ExpireTest.test_refresh_cascade
# schema: fixtures_cascade
# setup: fixture_rows
# refresh() cascades along a relationship with refresh-expire: the child's change is discarded.
session = Session(autoflush=False)
u = session.get(User, 8)
print(u.addresses[0].email_address)
u.addresses[0].email_address = "someotheraddress"
session.refresh(u)
print(u.addresses[0].email_address)
