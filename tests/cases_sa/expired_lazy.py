# from test/orm/test_expire.py ExpireTest.test_expired_lazy
# schema: fixtures
# setup: fixture_rows
# An expired object with a lazy collection: the collection and the columns load with one SELECT each.
u = session.get(User, 7)
session.expire(u)
print(sorted(inspect(u).unloaded))
print(u.addresses[0].email_address)
print(u.name)
