# from test/orm/test_unitofworkv2.py RudimentaryFlushTest.test_many_to_many
# schema: fixtures
# A new item with a new keyword: INSERT items, keywords, then the association row; an expired collection is not loaded by a later flush.
sess = Session()
k1 = Keyword(name="k1")
i1 = Item(description="i1", keywords=[k1])
sess.add(i1)
sess.flush()
sess.expire(i1, ["keywords"])
i1.description = "i2"
sess.flush()
print(sorted(inspect(i1).unloaded))
