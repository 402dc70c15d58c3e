# from test/orm/test_transaction.py SessionTransactionTest.test_nested_accounting_new_items_removed
# schema: fixtures
# An object added in a committed savepoint is removed by the outer rollback.
session.begin()
n1 = session.begin_nested()
u1 = User(name="u1")
session.add(u1)
n1.commit()
print(u1 in session)
session.rollback()
print(u1 in session, inspect(u1).transient)
