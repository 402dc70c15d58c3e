# schema: blog
# expire() sends nothing; the next read loads only the expired columns; refresh() loads at once;
# commit() expires everything; expire_all(); expired attributes are left out of the repr.
session.add(User(name="ed", fullname="Ed Jones"))
session.commit()
u = session.scalars(select(User).where(User.name == "ed")).one()
sorted(inspect(u).expired_attributes)
session.execute(text("UPDATE users SET fullname = 'Edward' WHERE id = 1"))
u.fullname
session.expire(u, ["fullname"])
sorted(inspect(u).expired_attributes)
u
u.fullname
u.name = "eddie"
session.refresh(u)
u.name
session.refresh(u, ["fullname"])
session.expire_all()
sorted(inspect(u).unloaded)
u.id
session.commit()
inspect(u).expired
u
