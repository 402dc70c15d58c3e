# from test/orm/test_expire.py ExpireTest.test_expire_doesntload_on_set
# schema: fixtures
# setup: fixture_rows
# Setting an expired attribute does not load it; the flush writes the new value.
session = Session(autoflush=False)
u = session.get(User, 7)
session.expire(u, attribute_names=["name"])
u.name = "somenewname"
session.flush()
session.expunge_all()
print(session.get(User, 7).name)
