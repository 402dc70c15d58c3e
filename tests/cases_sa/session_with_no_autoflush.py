# from test/orm/test_session.py SessionStateTest.test_with_no_autoflush
# schema: fixtures
# Inside session.no_autoflush a query does not flush the pending object; outside it does.
u = User()
u.name = "ed"
session.add(u)
with session.no_autoflush:
    print(u in session.query(User).all())
print(u in session.new)
print(u in session.query(User).all())
print(u in session.new)
