# schema: blog
# The identity map: one object per row per session.
#
# Watch: the second get() sends no SQL at all, and every query that returns
# the same row hands back the very same Python object (`is` is True).

session.add_all([User(name="ed", fullname="Ed Jones"), User(name="wendy", fullname="Wendy Williams")])
session.commit()

a = session.get(User, 1)
b = session.get(User, 1)        # answered from the identity map: no SELECT
print("same object:", a is b)
print("identity (primary key):", inspect(a).identity)

c = session.scalars(select(User).where(User.name == "ed")).one()
print("a query returns it too:", c is a)

# A change made in Python is seen through every reference ...
a.fullname = "Edward"
print("b.fullname:", b.fullname)

# ... and a query does not overwrite it: autoflush sends the UPDATE first,
# and the loaded row updates the same object.
rows = session.scalars(select(User).order_by(User.id)).all()
print(rows, rows[0] is a)

# The identity map only holds what this session loaded.
print("in the map:", len(session.identity_map))
session.expunge(a)
print("after expunge:", len(session.identity_map), "| detached:", inspect(a).detached)

# A fresh get() now loads a NEW object for the same row.
d = session.get(User, 1)
print("new object for the same row:", d is a, d.fullname)
session.commit()
