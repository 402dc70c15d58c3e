# from test/orm/test_cascade.py O2MCascadeDeleteOrphanTest.test_collection_orphans
# schema: cascade_o2m
# Emptying the collection with a slice assignment deletes the orphans.
with Session() as sess:
    u = User(name="jack", orders=[Order(description="someorder"), Order(description="someotherorder")])
    sess.add(u)
    sess.flush()
    u.orders[:] = []
    sess.flush()
    print(sess.execute(select(func.count("*")).select_from(User)).scalar())
    print(sess.execute(select(func.count("*")).select_from(Order)).scalar())
