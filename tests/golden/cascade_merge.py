# schema: blog
session.add(User(name="ed", addresses=[Address(email="a@x")]))
session.commit()
session.close()
s2 = Session()
u = s2.get(User, 1)
print(len(u.addresses))
s2.close()
u.addresses[0].email = "new@x"
u.addresses.append(Address(email="b@x"))
m = session.merge(u)
print(m is u, [a.email for a in m.addresses])
session.commit()
