# schema: blog
u = User(name="ed", addresses=[Address(email="a@x"), Address(email="b@x")])
print(u.addresses[0].user is u)
session.add(u)
session.commit()
u.addresses.append(Address(email="c@x"))
session.flush()
print([(a.email, a.user_id) for a in u.addresses])
