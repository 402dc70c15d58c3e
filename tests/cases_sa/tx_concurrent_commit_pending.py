# from test/orm/test_transaction.py AutoExpireTest.test_concurrent_commit_pending
# schema: fixtures_cascade
# An object committed by one session sees the change another session commits afterwards.
s1 = Session()
u1 = User(name="edward")
s1.add(u1)
s1.commit()
s2 = Session()
u2 = s2.query(User).filter(User.name == "edward").one()
u2.name = "will"
s2.commit()
print(u1.name)
