# from test/orm/test_backref_mutations.py O2MCollectionTest.test_scalar_move_preloaded
# schema: fixtures
# Setting address.user to another user removes it from the old user's loaded collection.
sess = Session()
u1 = User(name="jack")
u2 = User(name="ed")
a1 = Address(email_address="a1")
a1.user = u1
sess.add_all([u1, u2, a1])
sess.commit()
u1.addresses
a1.user = u2
print(a1 in u1.addresses, a1 in u2.addresses)
sess.commit()
print(a1.user_id == u2.id)
