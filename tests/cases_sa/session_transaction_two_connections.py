# from test/orm/test_session.py TransScopingTest.test_transaction
# schema: fixtures
# A Session bound to one connection: its flushed row is visible there, committed after commit().
conn1 = engine.connect()
s = Session(bind=conn1)
u = User(name="x")
s.add(u)
s.flush()
print(conn1.exec_driver_sql("select count(1) from users").scalar())
s.commit()
print(conn1.exec_driver_sql("select count(1) from users").scalar())
conn1.close()
with engine.connect() as c2:
    print(c2.exec_driver_sql("select count(1) from users").scalar())
s.close()
