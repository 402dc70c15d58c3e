# from test/orm/test_session.py SessionUtilTest.test_make_transient_plus_rollback
# schema: fixtures
# make_transient() of a flushed-deleted object, then rollback(): the object stays transient.
sess = Session()
u1 = User(name="test")
sess.add(u1)
sess.commit()
sess.delete(u1)
sess.flush()
make_transient(u1)
sess.rollback()
print(inspect(u1).transient)
