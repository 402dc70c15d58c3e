# from test/orm/test_session.py SessionUtilTest.test_make_transient_to_detached_no_key_allowed
# schema: fixtures
# make_transient_to_detached() of a detached object (it has a key) raises InvalidRequestError.
u1 = User(id=1, name="test")
session.add(u1)
session.commit()
session.expunge(u1)
try:
    make_transient_to_detached(u1)
except Exception as e:
    print(type(e).__name__)
print(inspect(u1).detached)
