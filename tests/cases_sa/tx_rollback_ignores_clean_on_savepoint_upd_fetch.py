# from test/orm/test_transaction.py CleanSavepointTest.test_rollback_ignores_clean_on_savepoint_agg_upd_fetch
# schema: fixtures
# Query.update(synchronize_session="fetch") inside a savepoint, then rollback(): the old value is back.
with Session() as s:
    u1 = User(name="u1")
    u2 = User(name="u2")
    s.add_all([u1, u2])
    s.commit()
    u1.name
    u2.name
    s.begin_nested()
    s.query(User).filter_by(name="u2").update(dict(name="u2modified"), synchronize_session="fetch")
    print(u2.name)
    s.rollback()
    print(sorted(inspect(u1).unloaded), sorted(inspect(u2).unloaded))
    print(u2.name)
