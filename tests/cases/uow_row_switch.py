# schema: blog
# setup: blog_rows
# Row switch (persistence._organize_states_for_save): deleting an object and adding a new one with the same primary key in one flush sends one UPDATE of that row, no DELETE and no INSERT; the old object ends deleted, then detached at commit.
u = session.get(User, 3)
session.delete(u)
n = User(id=3, name="new3")
session.add(n)
session.flush()
print(inspect(u).deleted, inspect(n).persistent)
print(session.get(User, 3) is n, n.fullname)
session.commit()
print(inspect(u).detached, session.scalars(select(User.name).order_by(User.id)).all())
w = session.get(User, 2)
session.delete(w)
session.add(User(id=2, name="again", fullname="Again"))
session.rollback()
print(inspect(w).persistent, w.name)
