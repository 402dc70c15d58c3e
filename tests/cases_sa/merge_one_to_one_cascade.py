# from test/orm/test_merge.py MergeTest.test_one_to_one_cascade
# schema: fixtures
# Merging an object of another session back into the first returns the first session's object.
sess = Session(expire_on_commit=False)
u = User()
u.id = 7
u.name = "fred"
a1 = Address()
a1.email_address = "foo@bar.com"
a1.dingaling = Dingaling(data="d")
u.addresses.append(a1)
sess.add(u)
sess.commit()
sess2 = Session()
u2 = sess2.get(User, 7)
u2.name = "fred2"
u2.addresses[0].dingaling.data = "d2"
u3 = sess.merge(u2)
print(u3 is u, u.name, a1.dingaling.data)
