# from test/orm/test_session.py NewStyleExecutionTest.test_prebuffered_result_session_is_closed
# schema: fixtures
# setup: fixture_rows
# A result fetched into a list stays usable after the session is closed.
r = session.execute(select(User).order_by(User.id))
rows = r.all()
session.close()
print([u.name for (u,) in rows])
print([inspect(u).detached for (u,) in rows])
