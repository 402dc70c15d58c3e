# from test/orm/test_cascade.py O2MCascadeDeleteOrphanTest.test_list_assignment_new
# schema: cascade_o2m
# A new user with a list of orders: everything is inserted on commit.
with Session() as sess:
    u = User(name="jack", orders=[Order(description="order 1"), Order(description="order 2")])
    sess.add(u)
    sess.commit()
    print(u.name, [o.description for o in u.orders])
