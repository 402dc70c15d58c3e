# from test/orm/test_cascade.py O2MCascadeDeleteOrphanTest.test_list_assignment_replace
# schema: cascade_o2m
# Replacing a pending collection: the replaced pending orders are never inserted.
with Session() as sess:
    u = User(name="jack", orders=[Order(description="someorder"), Order(description="someotherorder")])
    sess.add(u)
    u.orders = [Order(description="order 3"), Order(description="order 4")]
    sess.commit()
    print(u.name, [o.description for o in u.orders])
    print([o.description for o in sess.query(Order).order_by(Order.id).all()])
