# from test/orm/test_session.py TransScopingTest.test_autobegin_attr_change
# schema: fixtures
# expire_on_commit=False and no change after commit: rollback() has no transaction to end and expires nothing.
s = Session(expire_on_commit=False)
u = User(name="x")
s.add(u)
s.commit()
print(s.in_transaction())
s.rollback()
print(sorted(inspect(u).unloaded))
print(u.name)
