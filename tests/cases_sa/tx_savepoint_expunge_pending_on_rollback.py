# from test/orm/test_transaction.py SavepointTest.test_expunge_pending_on_rollback
# schema: fixtures_cascade
# rollback() after begin_nested() expunges the object added in the savepoint.
sess = Session()
sess.begin_nested()
u2 = User(name="newuser")
sess.add(u2)
print(u2 in sess)
sess.rollback()
print(u2 in sess)
