# from test/orm/test_session.py SessionUtilTest.test_object_session_raises
# schema: fixtures
# object_session() of a non-mapped object raises UnmappedInstanceError; of a transient mapped object it is None.
try:
    object_session(object())
except Exception as e:
    print(type(e).__name__)
print(object_session(User()))
u = User(name="a")
session.add(u)
print(object_session(u) is session)
