# from test/orm/test_session.py SessionUtilTest.test_get
# schema: fixtures
# get() returns the identity-map object without SQL; after expunge_all() it loads a new object.
s = Session()
r = s.execute(insert(User), [{"id": 7, "name": "7"}, {"id": 19, "name": "19"}])
print(s.get(User, 19) is not None)
u = s.get(User, 7)
u2 = s.get(User, 7)
print(u is u2)
s.expunge_all()
u2 = s.get(User, 7)
print(u is u2)
