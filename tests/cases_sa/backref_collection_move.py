# from test/orm/test_backref_mutations.py O2MCollectionTest.test_collection_move_hitslazy
# schema: fixtures
# setup: fixture_rows
# Moving an address from one user's collection to another's through the backref: both collections reflect it.
sess = Session()
a1 = Address(email_address="address1")
a2 = Address(email_address="address2")
a3 = Address(email_address="address3")
u1 = User(name="jack", addresses=[a1, a2, a3])
u2 = User(name="ed")
sess.add_all([u1, a1, a2, a3])
sess.commit()
u2.addresses.append(a1)
print(a1.user is u2)
print([a.email_address for a in u1.addresses])
print([a.email_address for a in u2.addresses])
