# from test/orm/test_transaction.py AutoExpireTest.test_expunge_pending_on_rollback
# schema: fixtures_cascade
# rollback() expunges a pending object.
sess = Session()
u2 = User(name="newuser")
sess.add(u2)
print(u2 in sess)
sess.rollback()
print(u2 in sess, inspect(u2).transient)
