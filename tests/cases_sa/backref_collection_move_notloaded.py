# from test/orm/test_backref_mutations.py O2MCollectionTest.test_collection_move_notloaded
# schema: fixtures
# Moving an address to another user when the old user's collection is not loaded: no load of it.
sess = Session()
a1 = Address(email_address="address1")
u1 = User(name="jack", addresses=[a1])
u2 = User(name="ed")
sess.add_all([u1, u2])
sess.commit()
u2.addresses.append(a1)
print("addresses" in inspect(u1).unloaded)
sess.commit()
print(u1.addresses, [a.email_address for a in u2.addresses])
