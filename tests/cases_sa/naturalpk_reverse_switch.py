# from test/orm/test_naturalpks.py ReversePKsTest.test_reverse
# schema: natural_pk
# Two objects swapping natural primary keys through an intermediate value in separate flushes.
sess = Session()
a = Item(itemname="a", description="first")
b = Item(itemname="b", description="second")
sess.add_all([a, b])
sess.commit()
a.itemname = "tmp"
sess.flush()
b.itemname = "a"
sess.flush()
a.itemname = "b"
sess.commit()
print(sess.execute(select(Item.itemname, Item.description).order_by(Item.itemname)).all())
print(sess.get(Item, "a") is b, sess.get(Item, "b") is a)
