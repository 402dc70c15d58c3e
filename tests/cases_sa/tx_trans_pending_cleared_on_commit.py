# from test/orm/test_transaction.py AutoExpireTest.test_trans_pending_cleared_on_commit
# schema: fixtures_cascade
# An object committed earlier survives a later rollback; the one added after the commit is expunged.
sess = Session()
u2 = User(name="newuser")
sess.add(u2)
sess.commit()
print(u2 in sess)
u3 = User(name="anotheruser")
sess.add(u3)
sess.rollback()
print(u3 in sess, u2 in sess)
