# from test/orm/test_backref_mutations.py M2MCollectionMoveTest.test_collection_move_preloaded
# schema: fixtures
# setup: fixture_rows
# Moving an item between two orders' many-to-many collections: association rows follow.
sess = Session()
o1 = sess.get(Order, 1)
o5 = sess.get(Order, 5)
i1 = sess.get(Item, 1)
o1.items.remove(i1)
o5.items.append(i1)
sess.flush()
print([i.id for i in o1.items], [i.id for i in o5.items])
print(sess.execute(text("SELECT order_id FROM order_items WHERE item_id = 1 ORDER BY order_id")).scalars().all())
