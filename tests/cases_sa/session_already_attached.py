# from test/orm/test_session.py SessionStateTest.test_already_attached
# schema: fixtures
# add() of an object attached to another session raises InvalidRequestError and leaves the second session empty.
s1 = Session()
s2 = Session()
u1 = User(id=1, name="u1")
make_transient_to_detached(u1)
s1.add(u1)
try:
    s2.add(u1)
except Exception as e:
    print(type(e).__name__)
print(u1 in s2, len(s2.identity_map))
