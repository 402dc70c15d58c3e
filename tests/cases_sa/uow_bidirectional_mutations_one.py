# from test/orm/test_unitofworkv2.py SingleCycleTest.test_bidirectional_mutations_one
# schema: uow_m2o
# Moving a child between two parents and deleting the old parent, in one flush.
sess = Session()
n2, n3 = Node(data="n2", children=[]), Node(data="n3", children=[])
n1 = Node(data="n1", children=[n2])
sess.add(n1)
sess.flush()
sess.delete(n2)
n1.children.append(n3)
sess.flush()
sess.delete(n1)
sess.delete(n3)
sess.flush()
print(sess.execute(select(func.count()).select_from(Node)).scalar())
