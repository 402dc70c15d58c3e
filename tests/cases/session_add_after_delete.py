# schema: blog
# setup: blog_rows
# add() of an object deleted but not yet flushed takes the delete back (Session._update_impl pops it from _deleted).
t = session.get(Tag, 3)
session.delete(t)
print(inspect(t).deleted, t in session.deleted)
session.add(t)
print(inspect(t).deleted, t in session.deleted, t in session)
session.commit()
print(session.scalar(select(func.count()).select_from(Tag)))
u = session.get(User, 1)
session.delete(u)
session.add_all([u])
print(u in session.deleted, session.is_modified(u))
session.flush()
print(inspect(u).persistent)
