# from test/orm/test_transaction.py SavepointTest.test_update_deleted_on_rollback
# schema: fixtures_cascade
# delete() inside a savepoint then rollback(): the object is back and not deleted.
s = Session()
u1 = User(name="ed")
s.add(u1)
s.commit()
s.begin_nested()
s.delete(u1)
print(u1 in s.deleted)
s.rollback()
print(u1 in s, u1 in s.deleted)
