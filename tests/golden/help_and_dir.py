# schema: blog
# help(x) and dir(x): what a class and an instance offer, read from the
# session's bookkeeping; asking loads nothing (no SQL below the help lines).
help(User)
u = User(name="ed")
help(u)
session.add(u)
session.commit()
u.fullname = "Ed Jones"
help(u)
a = Address(email="ed@example.com")
u.addresses.append(a)
help(u)
session.close()
help(u)
print([n for n in dir(u) if not n.startswith("_")])
print("_sa_instance_state" in dir(u), "_sa_instance_state" in dir(User))
help(session)
help(len)
dir(1)
.show
