# from test/orm/test_cascade.py O2MCascadeDeleteOrphanTest.test_remove_pending_from_pending_parent
# schema: cascade_o2m
# A pending order appended to and removed from a transient user stays pending until the flush expunges it.
with Session() as sess:
    u = User(name="jack")
    o1 = Order()
    sess.add(o1)
    u.orders.append(o1)
    u.orders.remove(o1)
    sess.add(u)
    print(o1 in sess)
    sess.flush()
    print(o1 in sess)
