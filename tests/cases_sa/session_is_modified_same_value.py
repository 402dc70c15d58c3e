# from test/orm/test_session.py IsModifiedTest.test_is_modified_passive_off
# schema: fixtures
# setup: fixture_rows
# Setting an attribute to the value it has is no modification; an expired attribute set to its value is.
s = Session()
u = s.get(User, 7)
u.name = "jack"
print(s.is_modified(u), u in s.dirty)
s.expire(u, ["name"])
u.name = "jack"
print(s.is_modified(u))
print(u in s.dirty)
s.flush()
