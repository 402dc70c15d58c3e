# from test/orm/test_session.py TransScopingTest.test_autobegin_attr_change
# schema: fixtures
# After commit with begin(), delete() of one object then rollback: objects expire and the deleted one is persistent again.
s = Session(expire_on_commit=False)
u = User(name="x")
u2 = User(name="d")
s.add_all([u, u2])
s.commit()
s.begin()
s.delete(u2)
print(u2 in s.deleted)
s.rollback()
print(inspect(u2).persistent, sorted(inspect(u).unloaded))
print(u.name, u2.name)
