# from test/orm/test_expire.py ExpireTest.test_expire_preserves_changes
# schema: fixtures
# setup: fixture_rows
# Loading expired attributes does not overwrite values set after the expire.
session = Session(autoflush=False)
o = session.get(Order, 3)
session.expire(o)
o.description = "order 3 modified"
print(o.isopen)
print(o.description)
o.isopen = 15
session.expire(o, ["isopen", "description"])
o.description = "some new description"
session.query(Order).all()
print(o.isopen, o.description)
o.isopen = 14
session.expire(o)
o.description = "another new description"
session.query(Order).all()
print(o.isopen, o.description)
