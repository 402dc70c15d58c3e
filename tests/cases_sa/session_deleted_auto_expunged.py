# from test/orm/test_session.py SessionStateTest.test_deleted_auto_expunged
# schema: fixtures
# After the flush of a delete the object is expunged (detached); it is listed in no collection of the session.
sess = Session()
sess.add(User(name="x"))
sess.commit()
u1 = sess.query(User).first()
sess.delete(u1)
print(u1 in sess.deleted)
sess.flush()
print(u1 in sess, u1 in sess.deleted, inspect(u1).deleted)
sess.commit()
print(inspect(u1).detached, inspect(u1).was_deleted)
