# from test/orm/test_session.py SessionStateTest.test_deleted_flag
# schema: fixtures
# A flushed-deleted object is not in the session and cannot be add()ed; rollback brings it back; make_transient lets it be re-inserted.
sess = Session()
u1 = User(name="u1")
sess.add(u1)
sess.commit()
sess.delete(u1)
sess.flush()
print(u1 in sess)
try:
    sess.add(u1)
except Exception as e:
    print(type(e).__name__)
print(sess.in_transaction())
sess.rollback()
print(u1 in sess)
sess.delete(u1)
sess.commit()
print(u1 in sess)
try:
    sess.add(u1)
except Exception as e:
    print(type(e).__name__)
make_transient(u1)
sess.add(u1)
sess.commit()
print(sess.query(User).count())
