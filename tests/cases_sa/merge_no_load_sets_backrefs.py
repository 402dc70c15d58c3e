# from test/orm/test_merge.py MergeTest.test_no_load_sets_backrefs
# schema: fixtures
# merge(load=False) sets the backref of the merged child to the merged parent; no SQL.
sess = Session()
u = User()
u.id = 7
u.name = "fred"
a1 = Address()
a1.email_address = "foo@bar.com"
u.addresses.append(a1)
sess.add(u)
sess.flush()
print(u.addresses[0].user is u)
sess2 = Session()
u2 = sess2.merge(u, load=False)
print(len(sess2.dirty))
print(u2.addresses[0].user is u2)
