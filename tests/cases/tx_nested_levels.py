# schema: blog
# setup: blog_rows
# Three levels of savepoints: rolling back the middle one discards it and the one inside it; the outer work commits.
session.add(User(name="level0"))
sp1 = session.begin_nested()
session.add(User(name="level1"))
sp2 = session.begin_nested()
session.add(User(name="level2"))
sp3 = session.begin_nested()
u = session.get(User, 1)
u.fullname = "changed in 3"
session.flush()
print(session.in_nested_transaction(), sp3.is_active)
sp2.rollback()
print(sp3.is_active, sp2.is_active, sp1.is_active, u.fullname)
sp1.commit()
session.commit()
print(session.scalars(select(User.name).order_by(User.id)).all())
