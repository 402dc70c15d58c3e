# from test/orm/test_session.py TransScopingTest.test_autobegin_attr_change
# schema: fixtures
# expire_on_commit=False, then an attribute change: it autobegins and rollback() expires the object.
s = Session(expire_on_commit=False)
u = User(name="x")
s.add(u)
s.commit()
u.name = "y"
print(s.in_transaction())
s.rollback()
print(sorted(inspect(u).unloaded))
print(u.name)
