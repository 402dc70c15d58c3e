# from test/orm/test_expire.py ExpireTest.test_expire
# schema: fixtures
# setup: fixture_rows
# expire() discards a pending change and the collection; the next access loads the row once; a later query refreshes expired attributes.
session = Session(autoflush=False)
u = session.get(User, 7)
print(len(u.addresses))
u.name = "foo"
del u.addresses[0]
session.expire(u)
print(sorted(inspect(u).expired_attributes), sorted(inspect(u).unloaded))
print(u.name)
u.name = "foo"
session.flush()
session.execute(update(User).where(User.id == 7).values(name="jack"))
session.expire(u)
print("name" in inspect(u).expired_attributes)
session.query(User).all()
print(sorted(inspect(u).expired_attributes))
print(u.name)
