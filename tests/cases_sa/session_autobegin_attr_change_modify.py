# from test/orm/test_session.py TransScopingTest.test_autobegin_attr_change
# schema: fixtures
# After commit, modifying an attribute autobegins; rollback expires and the committed value comes back.
s = Session()
u = User(name="x")
u2 = User(name="d")
u3 = User(name="e")
s.add_all([u, u2, u3])
s.commit()
u3.name = "m"
print(s.in_transaction())
s.rollback()
print(sorted(inspect(u).unloaded), sorted(inspect(u3).unloaded))
print(u.name, u3.name)
