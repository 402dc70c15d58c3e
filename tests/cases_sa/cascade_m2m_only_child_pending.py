# from test/orm/test_cascade.py NoSaveCascadeFlushTest.test_m2m_only_child_pending
# schema: fixtures
# setup: fixture_rows
# A new item appended to an order's many-to-many collection is inserted with its association row.
sess = Session()
o1 = sess.get(Order, 5)
i1 = Item(description="i1")
o1.items.append(i1)
print(i1 in sess)
sess.flush()
print([i.description for i in o1.items])
print(sess.execute(text("SELECT COUNT(*) FROM order_items WHERE order_id = 5")).scalar())
