# from test/orm/test_backref_mutations.py O2MScalarBackrefTest.test_collection_move_commitfirst
# schema: fixtures
# Setting a loaded many-to-one to None removes the item from the collection; the flush sets the foreign key to NULL.
sess = Session()
u1 = User(name="jack")
a1 = Address(email_address="a1", user=u1)
sess.add(a1)
sess.commit()
print(len(u1.addresses))
a1.user = None
print(u1.addresses)
sess.commit()
print(a1.user_id)
