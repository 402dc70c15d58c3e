# schema: blog
session.add(User(name="ed", addresses=[Address(email="a@x")], posts=[Post(title="p")]))
session.commit()
u = session.get(User, 1)
a = u.addresses[0]
p = u.posts[0]
session.expire(u)
print(sorted(inspect(a).expired_attributes), inspect(p).expired_attributes)
session.refresh(u)
print(a.email)
