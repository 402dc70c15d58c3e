# from test/orm/test_transaction.py SavepointTest.test_savepoint_commit_collections
# schema: fixtures_cascade
# Collection changes inside a committed savepoint are kept through the commit.
s = Session()
u1 = User(name="ed", addresses=[Address(email_address="foo")])
s.add(u1)
s.commit()
u1.name = "edward"
u1.addresses.append(Address(email_address="bar"))
s.begin_nested()
u2 = User(name="jack", addresses=[Address(email_address="bat")])
s.add(u2)
print([(u.name, [a.email_address for a in u.addresses]) for u in s.query(User).order_by(User.id).all()])
s.commit()
print([(u.name, [a.email_address for a in u.addresses]) for u in s.query(User).order_by(User.id).all()])
s.commit()
print([(u.name, [a.email_address for a in u.addresses]) for u in s.query(User).order_by(User.id).all()])
