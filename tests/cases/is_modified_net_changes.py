# schema: blog
# setup: blog_rows
# Session.is_modified() from the net history of each attribute: append then remove of one child is no change, a reference set to the value it had is none, a scalar reference counts with include_collections=False (Session.is_modified, attr.impl.get_history).
u = session.get(User, 1)
a = Address(email='x')
u.addresses.append(a)
print(session.is_modified(u))
u.addresses.remove(a)
print(session.is_modified(u), session.is_modified(u, include_collections=False))
p = session.get(Post, 1)
author = p.author
p.author = author
print(session.is_modified(p))
p.author = session.get(User, 2)
print(session.is_modified(p), session.is_modified(p, include_collections=False))
p2 = Post(title='t')
session.add(p2)
session.flush()
session.expire(p2)
p2.author
p2.author = None
print(session.is_modified(p2))
