# from test/orm/test_cascade.py O2MCascadeDeleteOrphanTest.test_cascade_delete_plusorphans
# schema: cascade_o2m
# Deleting the parent after removing a child: the orphan and the rest are deleted.
sess = Session()
u = User(name="jack", orders=[Order(description="someorder"), Order(description="someotherorder")])
sess.add(u)
sess.flush()
print(sess.execute(select(func.count("*")).select_from(Order)).scalar())
del u.orders[0]
sess.delete(u)
sess.flush()
print(sess.execute(select(func.count("*")).select_from(User)).scalar())
print(sess.execute(select(func.count("*")).select_from(Order)).scalar())
