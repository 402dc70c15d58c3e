# from test/orm/test_session.py SessionUtilTest.test_get_with_for_update_use
# schema: fixtures
# get(with_for_update=False/None) of a loaded object uses the identity map (no SQL).
s = Session()
r = s.execute(insert(User), [{"id": 7, "name": "7"}])
u = s.get(User, 7)
print(s.get(User, 7, with_for_update=False) is u)
print(s.get(User, 7, with_for_update=None) is u)
print(s.get(User, 7) is u)
