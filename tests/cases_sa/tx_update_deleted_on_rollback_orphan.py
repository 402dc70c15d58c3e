# from test/orm/test_transaction.py AutoExpireTest.test_update_deleted_on_rollback_orphan
# schema: fixtures_cascade
# An orphan deleted by a flush comes back into the collection on rollback().
s = Session()
u1 = User(name="ed", addresses=[Address(email_address="foo")])
s.add(u1)
s.commit()
a1 = u1.addresses[0]
u1.addresses.remove(a1)
s.flush()
print(s.query(Address).filter(Address.email_address == "foo").all())
s.rollback()
print(a1 in s.deleted)
print(u1.addresses == [a1])
