# schema: blog
# setup: blog_rows
# make_transient() detaches and forgets the identity (re-adding inserts a new row); make_transient_to_detached() gives a transient object an identity.
u = session.get(User, 1)
make_transient(u)
print(inspect(u).transient, u.name, u.id)
u.id = None
u.name = "copy of ed"
session.add(u)
session.flush()
print(u.id)
x = User(id=2)
make_transient_to_detached(x)
print(inspect(x).detached, inspect(x).key is not None)
session.add(x)
print(x.name, x is session.get(User, 2))
print(object_session(x) is session, object_session(User()) is None)
