# from test/orm/test_merge.py MergeTest.test_many_to_many_cascade
# schema: fixtures
# merge() cascades over a many-to-many: the other session's loaded items receive the change.
with Session(expire_on_commit=False) as sess:
    i1 = Item()
    i1.description = "item 1"
    i2 = Item()
    i2.description = "item 2"
    o = Order()
    o.description = "order description"
    o.items.append(i1)
    o.items.append(i2)
    sess.add(o)
    sess.commit()
with Session(expire_on_commit=False) as sess2:
    o2 = sess2.get(Order, o.id)
    o.items[1].description = "item 2 modified"
    sess2.merge(o)
    print(o2.items[1].description)
with Session(expire_on_commit=False) as sess3:
    o3 = sess3.get(Order, o.id)
    o.description = "desc modified"
    sess3.merge(o)
    print(o3.description)
