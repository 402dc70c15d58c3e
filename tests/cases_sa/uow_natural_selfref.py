# from test/orm/test_unitofworkv2.py RudimentaryFlushTest.test_natural_selfref
# schema: uow_m2o
# Self-referential rows with explicit ids insert in add() order.
sess = Session()
n1 = Node(id=1)
n2 = Node(id=2, parent_id=1)
n3 = Node(id=3, parent_id=2)
sess.add_all([n1, n2, n3])
sess.flush()
print(sess.execute(select(Node.id, Node.parent_id).order_by(Node.id)).all())
