# from test/orm/test_merge.py MergeTest.test_transient_to_pending_collection_pk_none
# schema: fixtures
# merge() of transient objects with id=None: no SELECT; all inserted.
u = User(id=None, name="fred", addresses=[Address(id=None, email_address="fred1"), Address(id=None, email_address="fred2")])
sess = Session()
sess.merge(u)
sess.flush()
sess.expunge_all()
u = sess.query(User).one()
print(u.name, [a.email_address for a in u.addresses])
