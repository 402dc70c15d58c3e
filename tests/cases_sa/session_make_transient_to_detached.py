# from test/orm/test_session.py SessionUtilTest.test_make_transient_to_detached
# schema: fixtures
# make_transient_to_detached() gives a transient object an identity; added, its other columns load from the row.
sess = Session()
u1 = User(id=1, name="test")
sess.add(u1)
sess.commit()
sess.close()
u2 = User(id=1)
make_transient_to_detached(u2)
print(inspect(u2).detached, inspect(u2).key)
sess.add(u2)
print(u2.name)
