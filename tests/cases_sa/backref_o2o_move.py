# from test/orm/test_backref_mutations.py O2OScalarBackrefMoveTest.test_collection_move_preloaded
# schema: fixtures
# Moving a one-to-one (Address.dingaling) from one address to another: the old address's reference is None.
sess = Session()
d1 = Dingaling(data="d1")
a1 = Address(email_address="a1", dingaling=d1)
a2 = Address(email_address="a2")
sess.add_all([a1, a2])
sess.commit()
a1.dingaling
a2.dingaling = d1
print(a1.dingaling, d1.address is a2)
sess.commit()
print(sess.execute(select(Dingaling.address_id)).scalar() == a2.id)
