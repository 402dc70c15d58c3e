# from test/orm/test_unitofworkv2.py RowswitchAccountingTest.test_switch_on_update
# schema: fixtures
# delete() of a loaded user and add() of a new one with the same id: one UPDATE, the new object persistent.
sess = Session()
u1 = User(id=1, name="u1")
sess.add(u1)
sess.commit()
sess.delete(u1)
u2 = User(id=1, name="u2")
sess.add(u2)
sess.flush()
print(inspect(u2).persistent, inspect(u1).detached, inspect(u1).was_deleted)
print(sess.execute(select(User.name)).all())
