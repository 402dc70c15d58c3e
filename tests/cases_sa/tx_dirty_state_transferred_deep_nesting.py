# from test/orm/test_transaction.py SessionTransactionTest.test_dirty_state_transferred_deep_nesting
# schema: fixtures
# A change flushed in an inner savepoint, committed into the outer savepoint, is expired when the outer savepoint rolls back.
with Session() as s:
    u1 = User(name="u1")
    s.add(u1)
    s.commit()
    nt1 = s.begin_nested()
    nt2 = s.begin_nested()
    u1.name = "u2"
    s.flush()
    nt2.commit()
    nt1.rollback()
    print(sorted(inspect(u1).expired_attributes))
    print(u1.name)
