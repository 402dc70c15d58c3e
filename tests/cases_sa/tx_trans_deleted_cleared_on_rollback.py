# from test/orm/test_transaction.py AutoExpireTest.test_trans_deleted_cleared_on_rollback
# schema: fixtures_cascade
# A deleted and committed object stays out of the session after a later rollback.
s = Session()
u1 = User(name="ed")
s.add(u1)
s.commit()
s.delete(u1)
s.commit()
print(u1 in s)
s.rollback()
print(u1 in s, inspect(u1).detached)
