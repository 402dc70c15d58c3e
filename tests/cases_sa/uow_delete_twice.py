# from test/orm/test_unitofworkv2.py BasicStaleChecksTest.test_delete_twice
# schema: fixtures
# delete() of an object already deleted by a flush: the commit sends the DELETE again (0 rows matched, a warning in SQLAlchemy).
sess = Session()
u1 = User(id=1, name="u1")
sess.add(u1)
sess.commit()
sess.delete(u1)
sess.flush()
sess.delete(u1)
print(inspect(u1).deleted, u1 in sess)
sess.commit()
print(inspect(u1).detached, inspect(u1).was_deleted)
