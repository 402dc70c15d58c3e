# from test/orm/test_merge.py MergeTest.test_one_to_many_cascade
# schema: fixtures
# merge() into a second session updates the loaded copy and its collection members.
sess = Session(expire_on_commit=False)
u = User(name="fred")
a1 = Address(email_address="foo@bar")
a2 = Address(email_address="foo@quux")
u.addresses.extend([a1, a2])
sess.add(u)
sess.commit()
sess2 = Session()
u2 = sess2.get(User, u.id)
u.addresses[1].email_address = "addr 2 modified"
sess2.merge(u)
print(u2.addresses[1].email_address)
sess3 = Session()
u3 = sess3.get(User, u.id)
u.name = "also fred"
sess3.merge(u)
print(u3.name)
