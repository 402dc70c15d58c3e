# from test/orm/test_unitofworkv2.py RudimentaryFlushTest.test_many_to_one_delete_childonly_unloaded
# schema: uow_m2o
# Deleting expired children only: their rows are loaded, the parent is not.
parent = User(name="p1")
c1, c2 = (Address(email_address="c1", user=parent), Address(email_address="c2", user=parent))
session = Session()
session.add_all([c1, c2])
session.add(parent)
session.flush()
session.expire(c1)
session.expire(c2)
session.delete(c1)
session.delete(c2)
session.flush()
print(inspect(parent).persistent, inspect(c1).deleted)
