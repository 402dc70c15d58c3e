# from test/orm/test_unitofworkv2.py RowswitchAccountingTest.test_switch_on_delete
# schema: fixtures
# A row switch followed by deleting the new object: one DELETE.
sess = Session()
u1 = User(id=1, name="u1")
sess.add(u1)
sess.commit()
sess.delete(u1)
u2 = User(id=1, name="u2")
sess.add(u2)
sess.flush()
sess.delete(u2)
sess.flush()
print(sess.execute(select(func.count()).select_from(User)).scalar())
