# from test/orm/test_merge.py MergeTest.test_many_to_one_cascade
# schema: fixtures
# merge() of an object whose many-to-one changed: history shows the new target; merge(load=False) of the refreshed one is clean.
u1 = User(id=1, name="u1")
a1 = Address(id=1, email_address="a1", user=u1)
u2 = User(id=2, name="u2")
sess = Session(expire_on_commit=False)
sess.add_all([a1, u2])
sess.commit()
a1.user = u2
with Session(expire_on_commit=False) as sess2:
    a2 = sess2.merge(a1)
    print(inspect(a2).attrs.user.history.added == [a2.user], a2.user.name)
    print(a2 in sess2.dirty)
sess.refresh(a1)
with Session(expire_on_commit=False) as sess2:
    a2 = sess2.merge(a1, load=False)
    print(a2.user.name, inspect(a2).attrs.user.history.unchanged == [a2.user])
    print(a2 in sess2.dirty)
