# from test/orm/test_session.py SessionStateTest.test_explicit_expunge_deleted
# schema: fixtures
# expunge() of a flushed-deleted object detaches it; rollback() does not bring it back.
sess = Session()
sess.add(User(name="x"))
sess.commit()
u1 = sess.query(User).first()
sess.delete(u1)
sess.flush()
print(inspect(u1).deleted)
sess.expunge(u1)
print(inspect(u1).detached, u1 in sess)
sess.rollback()
print(inspect(u1).detached, u1 in sess)
