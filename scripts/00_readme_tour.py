# schema: blog
u = User(name="ed", fullname="Ed Jones")
session.add(u)
session.commit()
u.name
u.fullname = "Edward Jones"
inspect(u).attrs.fullname.history
session.expire(u, ["fullname"])
u.fullname
u.addresses.append(Address(email="ed@example.com"))
session.flush()
session.expunge(u)
u
