# schema: blog
u = User(name="ed")
u.addresses.append(Address(email="a@x"))
p = Post(title="t", author=u)
session.add(u)
print(len(session.new))
a2 = Address(email="b@x")
a2.user = u
print(a2 in session)
session.commit()
