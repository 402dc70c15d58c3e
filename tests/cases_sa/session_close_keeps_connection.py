# from test/orm/test_session.py TransScopingTest.test_close
# schema: fixtures
# close() does not close a Connection the Session did not open.
c = engine.connect()
c.exec_driver_sql("select * from users")
s = Session(bind=c)
s.add(User(name="first"))
s.flush()
print(c.exec_driver_sql("select name from users").all())
s.close()
print(c.closed)
print(c.exec_driver_sql("select count(*) from users").scalar())
