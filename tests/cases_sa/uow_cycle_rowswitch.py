# from test/orm/test_unitofworkv2.py SingleCycleTest.test_cycle_rowswitch
# schema: uow_m2o
# A deleted child and a new child with the same primary key in one flush: one UPDATE (row switch).
sess = Session()
n2, n3 = Node(data="n2", children=[]), Node(data="n3", children=[])
n1 = Node(data="n1", children=[n2])
sess.add(n1)
sess.flush()
sess.delete(n2)
n3.id = n2.id
n1.children.append(n3)
sess.flush()
print(n3.id, n3.parent_id == n1.id, inspect(n3).persistent, inspect(n2).detached)
