# schema: blog
# setup: blog_rows
# Misuse errors from the session: expunging an unknown object, expiring a transient one, get() with the wrong number of keys, deleting twice.
t = User(name="t")
session.expunge(t)
session.expire(t)
session.get(User, (1, 2))
session.get(User, {"nope": 1})
u = session.get(User, 1)
session.delete(u)
session.delete(u)
session.flush()
session.delete(u)
session.add(u)
session.rollback()
session.get_one(User, 99)
