# from test/orm/test_unitofworkv2.py RudimentaryFlushTest.test_many_to_one_delete_unloaded
# schema: uow_m2o
# Deleting expired children and their expired parent: the rows are loaded (unexpired) before the DELETEs.
parent = User(name="p1")
c1, c2 = (Address(email_address="c1", user=parent), Address(email_address="c2", user=parent))
session = Session()
session.add_all([c1, c2])
session.add(parent)
session.flush()
session.expire(parent)
session.expire(c1)
session.expire(c2)
session.delete(c1)
session.delete(c2)
session.delete(parent)
session.flush()
print(session.execute(select(func.count()).select_from(Address)).scalar())
