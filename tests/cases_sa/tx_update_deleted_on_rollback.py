# from test/orm/test_transaction.py AutoExpireTest.test_update_deleted_on_rollback
# schema: fixtures_cascade
# delete() (cascading to an empty collection without a flush) then rollback(): the object is persistent again.
s = Session()
u1 = User(name="ed")
s.add(u1)
s.commit()
s.delete(u1)
print(u1 in s.deleted)
s.rollback()
print(u1 in s, u1 in s.deleted)
