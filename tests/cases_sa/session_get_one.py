# from test/orm/test_session.py SessionUtilTest.test_get_one
# schema: fixtures
# get_one() returns the identity-map object; after expunge_all() a new one.
s = Session()
r = s.execute(insert(User), [{"id": 7, "name": "7"}, {"id": 19, "name": "19"}])
u = s.get_one(User, 7)
u2 = s.get_one(User, 7)
print(u is u2)
s.expunge_all()
u2 = s.get_one(User, 7)
print(u is u2, u2.name)
