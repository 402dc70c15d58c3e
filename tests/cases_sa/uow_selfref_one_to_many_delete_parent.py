# from test/orm/test_unitofworkv2.py SingleCycleTest.test_one_to_many_delete_parent
# schema: uow_m2o
# Deleting only the self-referential parent: the children's parent_id is set to NULL first.
n2, n3 = Node(data="n2", children=[]), Node(data="n3", children=[])
n1 = Node(data="n1", children=[n2, n3])
sess = Session()
sess.add(n1)
sess.flush()
sess.delete(n1)
sess.flush()
print(n2.parent_id, n3.parent_id)
