# from test/orm/test_merge.py MergeTest.test_value_to_none
# schema: fixtures
# Merging None values over existing ones sets them to None (scalar and one-to-one).
sess = Session()
u = User(id=7, name="fred", addresses=[Address(id=1, email_address="foo@bar.com", dingaling=Dingaling(id=1, data="d"))])
sess.add(u)
sess.commit()
sess.close()
a2 = Address(id=1, email_address="x", dingaling=None)
a3 = sess.merge(a2)
print(a3.dingaling, a3.email_address)
sess.close()
d1 = Dingaling(id=1, address=None)
d2 = sess.merge(d1)
print(d2.address)
