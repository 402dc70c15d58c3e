# from test/orm/test_session.py SessionStateTest.test_autoflush
# schema: fixtures
# Autoflush before a query on a Session bound to a Connection; the row is committed by commit().
conn1 = engine.connect()
sess = Session(bind=conn1, autoflush=True)
u = User()
u.name = "ed"
sess.add(u)
u2 = sess.query(User).filter_by(name="ed").one()
print(u2 is u)
print(conn1.exec_driver_sql("select count(1) from users").scalar())
sess.commit()
print(conn1.exec_driver_sql("select count(1) from users").scalar())
sess.close()
conn1.close()
