# from test/orm/test_transaction.py AutoExpireTest.test_commit_pending
# schema: fixtures_cascade
# A flushed then committed new object reloads its values after the commit.
sess = Session()
u1 = User(name="newuser")
sess.add(u1)
sess.flush()
sess.commit()
print(u1.name)
