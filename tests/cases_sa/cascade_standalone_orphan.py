# from test/orm/test_cascade.py O2MCascadeDeleteOrphanTest.test_standalone_orphan
# schema: cascade_o2m
# An order without a user violates orders.user_id NOT NULL at flush.
with Session() as sess:
    o5 = Order(description="order 5")
    sess.add(o5)
    try:
        sess.flush()
    except Exception as e:
        print(type(e).__name__)
