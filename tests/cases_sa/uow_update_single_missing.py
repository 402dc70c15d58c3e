# from test/orm/test_unitofworkv2.py BasicStaleChecksTest.test_update_single_missing
# schema: fixtures
# An UPDATE of a row deleted behind the session raises StaleDataError.
sess = Session()
u1 = User(id=1, name="u1")
sess.add(u1)
sess.flush()
sess.execute(delete(User.__table__))
u1.name = "u2"
try:
    sess.flush()
except Exception as e:
    print(type(e).__name__)
