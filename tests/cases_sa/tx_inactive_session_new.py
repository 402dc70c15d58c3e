# from test/orm/test_transaction.py SessionTransactionTest.test_warning_on_using_inactive_session_new
# schema: fixtures
# After a failed flush, a new object added to the inactive session is discarded by rollback().
sess = Session()
u1 = User(id=1, name="u1")
sess.add(u1)
sess.commit()
sess.add(User(id=1, name="u2"))
try:
    sess.flush()
except Exception as e:
    print(type(e).__name__)
u2 = User(name="u2")
sess.add(u2)
sess.rollback()
print(u2 in sess, u1 in sess)
