# from test/orm/test_cascade.py O2MCascadeDeleteOrphanTest.test_remove_pending_from_collection
# schema: cascade_o2m
# A pending child removed from the collection (delete-orphan) leaves the session.
with Session() as sess:
    u = User(name="jack")
    sess.add(u)
    sess.commit()
    o1 = Order()
    u.orders.append(o1)
    print(o1 in sess)
    u.orders.remove(o1)
    print(o1 in sess)
