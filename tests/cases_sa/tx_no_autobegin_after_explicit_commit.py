# from test/orm/test_transaction.py SessionTransactionTest.test_no_autobegin_after_explicit_commit
# schema: fixtures
# Committing the SessionTransaction object ends it: get_transaction() is None until connection() begins again.
session.add(User(name="ed"))
session.get_transaction().commit()
print(session.get_transaction())
session.connection()
print(session.get_transaction() is not None)
