# from test/orm/test_transaction.py SessionTransactionTest.test_nested_accounting_deleted_items_restored
# schema: fixtures
# An object deleted in a committed savepoint comes back with the outer rollback.
session.begin()
u1 = User(name="u1")
session.add(u1)
session.commit()
session.begin()
u1 = session.query(User).first()
n1 = session.begin_nested()
session.delete(u1)
n1.commit()
print(u1 in session)
session.rollback()
print(u1 in session, inspect(u1).persistent)
