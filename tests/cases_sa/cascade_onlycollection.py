# from test/orm/test_cascade.py O2MCascadeDeleteOrphanTest.test_cascades_onlycollection
# schema: cascade_o2m
# The delete cascade reaches only the children still in the collection; the removed one moves to a new user.
with Session(autoflush=False) as sess:
    u = User(name="jack", orders=[Order(description="someorder"), Order(description="someotherorder")])
    sess.add(u)
    sess.flush()
    o = u.orders[0]
    del u.orders[0]
    sess.delete(u)
    print(u in sess.deleted, o in sess.deleted, o in sess)
    u2 = User(name="newuser", orders=[o])
    sess.add(u2)
    sess.flush()
    sess.expunge_all()
    print(sess.execute(select(func.count("*")).select_from(User)).scalar())
    print(sess.execute(select(func.count("*")).select_from(Order)).scalar())
    print([(x.name, [y.description for y in x.orders]) for x in sess.query(User).all()])
