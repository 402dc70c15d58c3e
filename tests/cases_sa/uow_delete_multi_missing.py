# from test/orm/test_unitofworkv2.py BasicStaleChecksTest.test_delete_multi_missing_warning
# schema: fixtures
# Two DELETEs whose rows are gone: the flush completes and both objects are deleted.
sess = Session()
u1 = User(id=1, name="u1")
u2 = User(id=2, name="u2")
sess.add_all([u1, u2])
sess.flush()
sess.execute(delete(User.__table__))
sess.delete(u1)
sess.delete(u2)
sess.flush()
print(inspect(u1).deleted, inspect(u2).deleted)
