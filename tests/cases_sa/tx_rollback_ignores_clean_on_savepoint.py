# from test/orm/test_transaction.py CleanSavepointTest.test_rollback_ignores_clean_on_savepoint
# schema: fixtures
# rollback() of the whole transaction from inside a savepoint expires every object; the changed one reloads its old value.
with Session() as s:
    u1 = User(name="u1")
    u2 = User(name="u2")
    s.add_all([u1, u2])
    s.commit()
    u1.name
    u2.name
    s.begin_nested()
    u2.name = "u2modified"
    print(u2.name)
    s.rollback()
    print(s.get_transaction())
    print(sorted(inspect(u1).unloaded), sorted(inspect(u2).unloaded))
    print(u2.name)
