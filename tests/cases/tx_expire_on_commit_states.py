# schema: blog
# setup: blog_rows
# A deleted object becomes detached at commit; objects only read are expired; a detached object's unloaded attribute raises.
u = session.get(User, 3)
w = session.get(User, 2)
session.delete(u)
session.commit()
print(inspect(u).detached, inspect(u).was_deleted, sorted(inspect(w).expired_attributes))
session.expunge(w)
w.name
session.add(w)
print(w.name)
