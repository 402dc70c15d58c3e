# from test/orm/test_unitofworkv2.py SingleCycleTest.test_singlecycle_flush_size
# schema: uow_m2o
# Flushes over a self-referential mapping: a change of one column is one UPDATE.
sess = Session()
n1 = Node(data="ed")
sess.add(n1)
sess.flush()
n1.data = "jack"
sess.flush()
n2 = Node(data="foo")
sess.add(n2)
sess.flush()
n1.children.append(n2)
sess.flush()
print(n2.parent_id == n1.id)
