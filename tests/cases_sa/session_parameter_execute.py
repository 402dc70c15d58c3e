# from test/orm/test_session.py ExecutionTest.test_parameter_execute
# schema: fixtures
# session.execute(insert(...)) with a list of parameter sets (executemany) and with one dict; then a Core select.
r = session.execute(insert(User), [{"id": 7, "name": "u7"}, {"id": 8, "name": "u8"}])
r = session.execute(insert(User), {"id": 9, "name": "u9"})
print(session.execute(select(User.id).order_by(User.id)).fetchall())
