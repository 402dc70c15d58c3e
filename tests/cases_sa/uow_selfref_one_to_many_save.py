# from test/orm/test_unitofworkv2.py SingleCycleTest.test_one_to_many_save
# schema: uow_m2o
# A self-referential tree saved at once: the parent first, then its children with parent_id.
n2, n3 = Node(data="n2"), Node(data="n3")
n1 = Node(data="n1", children=[n2, n3])
sess = Session()
sess.add(n1)
sess.flush()
print(n2.parent_id == n1.id, n3.parent_id == n1.id)
