# from test/orm/test_session.py NewStyleExecutionTest.test_dml_execute
# schema: fixtures
# setup: fixture_rows
# ORM-enabled update() and delete() through session.execute(); rowcount and the rows left.
r = session.execute(update(User).where(User.name == "ed").values(name="ed2"))
print(r.rowcount)
r = session.execute(delete(Address).where(Address.user_id == 9))
print(r.rowcount)
print(session.scalars(select(User.name).order_by(User.id)).all())
print(session.scalars(select(Address.id).order_by(Address.id)).all())
