# schema: blog
# setup: blog_rows
# Setting an expired attribute does not load it; the UPDATE sends the new value; expire_all discards unflushed changes; get() of an expired object refreshes it.
u = session.get(User, 1)
session.expire(u)
u.fullname = "set while expired"
print(sorted(inspect(u).expired_attributes))
session.flush()
print(u.name)
u.name = "changed"
session.expire_all()
print(u.name, session.dirty)
session.expire(u)
v = session.get(User, 1)
print(v is u, sorted(inspect(u).expired_attributes))
r = session.execute(text("DELETE FROM users WHERE id = 3"))
session.expire_all()
print(session.get(User, 3))
