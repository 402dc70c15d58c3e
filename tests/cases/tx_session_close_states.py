# schema: blog
# setup: blog_rows
# close() detaches every object, pending ones become transient, and the session can be used again (autobegin).
u = session.get(User, 1)
n = User(name="new")
session.add(n)
session.close()
print(inspect(u).detached, inspect(n).transient, session.in_transaction())
print(u.name)
v = session.get(User, 1)
print(v is u, inspect(v).persistent)
session.add(u)
