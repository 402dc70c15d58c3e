# from test/orm/test_merge.py MergeTest.test_dontload_with_eager
# schema: fixtures
# merge(load=False) of an object loaded with joinedload: the flush has nothing to do.
with Session(expire_on_commit=False) as sess:
    u = User()
    u.id = 7
    u.name = "fred"
    a1 = Address()
    a1.email_address = "foo@bar.com"
    u.addresses.append(a1)
    sess.add(u)
    sess.commit()
sess2 = Session()
u2 = sess2.get(User, 7, options=[joinedload(User.addresses)])
sess3 = Session()
u3 = sess3.merge(u2, load=False)
sess3.flush()
print(len(sess3.dirty), u3.name, len(u3.addresses))
