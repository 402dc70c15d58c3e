# schema: blog
# setup: blog_rows
# An object deleted and flushed inside a savepoint is persistent again after the savepoint rolls back; one modified inside is expired.
u = session.get(User, 3)
w = session.get(User, 2)
sp = session.begin_nested()
session.delete(u)
w.fullname = "inside"
session.flush()
print(inspect(u).deleted, u in session)
sp.rollback()
print(inspect(u).persistent, u in session, sorted(inspect(w).expired_attributes))
print(w.fullname, u.name)
session.commit()
print(session.scalar(select(func.count(User.id))))
