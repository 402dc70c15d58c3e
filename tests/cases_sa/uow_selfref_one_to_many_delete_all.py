# from test/orm/test_unitofworkv2.py SingleCycleTest.test_one_to_many_delete_all
# schema: uow_m2o
# Deleting a self-referential parent and its children: children first.
n2, n3 = Node(data="n2", children=[]), Node(data="n3", children=[])
n1 = Node(data="n1", children=[n2, n3])
sess = Session()
sess.add(n1)
sess.flush()
sess.delete(n1)
sess.delete(n2)
sess.delete(n3)
sess.flush()
print(sess.execute(select(func.count()).select_from(Node)).scalar())
