# from test/orm/test_session.py ExecutionTest.test_no_string_execute
# schema: fixtures
# setup: fixture_rows
# A plain string to session.execute() / session.scalar() raises ArgumentError (text() is required).
try:
    session.execute("select * from users where id=:id", {"id": 7})
except Exception as e:
    print(type(e).__name__)
try:
    session.scalar("select id from users where id=:id", {"id": 7})
except Exception as e:
    print(type(e).__name__)
print(session.execute(text("select id from users where id=:id"), {"id": 7}).all())
