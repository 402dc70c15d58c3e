# from test/orm/test_cascade.py O2MCascadeDeleteOrphanTest.test_delete
# schema: cascade_o2m
# delete() of a user cascades to its orders.
with Session() as sess:
    u = User(name="jack", orders=[Order(description="someorder"), Order(description="someotherorder")])
    sess.add(u)
    sess.flush()
    sess.delete(u)
    sess.flush()
    print(sess.execute(select(func.count("*")).select_from(User)).scalar())
    print(sess.execute(select(func.count("*")).select_from(Order)).scalar())
