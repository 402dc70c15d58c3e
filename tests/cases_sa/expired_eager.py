# from test/orm/test_expire.py ExpireTest.test_expired_eager
# schema: fixtures
# setup: fixture_rows
# An expired object loaded with joinedload: one access reloads the columns; the expired collection loads lazily.
u = session.scalars(select(User).options(joinedload(User.addresses)).where(User.id == 7)).unique().one()
session.expire(u)
print(sorted(inspect(u).unloaded))
print(u.addresses[0].email_address)
print(u.name)
session.expire(u, ["name", "addresses"])
print(u.name)
print(len(u.addresses))
