# from test/orm/test_transaction.py AutoExpireTest.test_update_deleted_on_rollback_cascade
# schema: fixtures_cascade
# delete() cascades to the addresses; rollback() restores the user and its address.
s = Session()
u1 = User(name="ed", addresses=[Address(email_address="foo")])
s.add(u1)
s.commit()
s.delete(u1)
print(u1 in s.deleted, u1.addresses[0] in s.deleted)
s.rollback()
print(u1 in s, u1 in s.deleted, u1.addresses[0] in s.deleted)
