# from test/orm/test_expire.py ExpireTest.test_expire_cascade
# schema: fixtures_cascade
# setup: fixture_rows
# expire() cascades along a relationship with refresh-expire ("all"): the child's change is discarded too.
session = Session(autoflush=False)
u = session.get(User, 8)
print(u.addresses[0].email_address)
u.addresses[0].email_address = "someotheraddress"
session.expire(u)
print(u.addresses[0].email_address)
