# from test/orm/test_cascade.py O2MCascadeDeleteOrphanTest.test_cascade_nosideeffects
# schema: cascade_o2m
# Cascades leave unloaded attributes unloaded; a many-to-one set by its foreign key loads after the flush.
sess = Session()
u = User(name="jack")
sess.add(u)
print("orders" in inspect(u).unloaded)
sess.flush()
print("orders" in inspect(u).unloaded)
a = Address(email_address="foo@bar.com")
sess.add(a)
a.user = u
sess.flush()
d = Dingaling(data="d1")
d.address_id = a.id
sess.add(d)
print("address" in inspect(d).unloaded)
sess.flush()
print(d.address is a)
