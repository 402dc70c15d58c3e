# schema: blog
# setup: blog_rows
# Session.refresh(obj, with_for_update=True) and get(..., with_for_update=True): the load's SELECT carries FOR UPDATE where the dialect renders it (not on SQLite) (Session.refresh -> load_on_ident with_for_update, orm/session.py).
u = session.get(User, 1, with_for_update=True)
print(u.name)
session.refresh(u, with_for_update=True)
print(u.fullname)
session.refresh(u, ["name"], with_for_update=True)
print(u.name)
rows = session.scalars(select(User).where(User.id > 1).with_for_update()).all()
print(len(rows))
session.commit()
