# from test/orm/test_session.py TransScopingTest.test_no_close_on_flush
# schema: fixtures
# flush() of a Session bound to a Connection does not close that connection.
c = engine.connect()
print(c.exec_driver_sql("select * from users").all())
s = Session(bind=c)
s.add(User(name="first"))
s.flush()
print(c.exec_driver_sql("select name from users").all())
print(c.closed)
