# from test/orm/test_transaction.py SessionTransactionTest.test_transactions_isolated
# schema: fixtures
# Another session does not see a row flushed but not committed.
s1 = Session()
s2 = Session()
u1 = User(name="u1")
s1.add(u1)
s1.flush()
print(s2.query(User).all())
s2.close()
s1.rollback()
