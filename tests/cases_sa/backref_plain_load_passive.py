# from test/orm/test_backref_mutations.py O2MCollectionTest.test_plain_load_passive
# schema: fixtures
# Appending to an unloaded collection of a persistent user does not load it; reading it afterwards loads and merges the pending item.
sess = Session()
u1 = User(name="jack")
a1 = Address(email_address="a1")
a2 = Address(email_address="a2", user=u1)
sess.add_all([u1, a1, a2])
sess.commit()
a1.user = u1
print("addresses" in inspect(u1).unloaded)
print([a.email_address for a in u1.addresses])
