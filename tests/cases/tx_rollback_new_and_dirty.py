# schema: blog
# setup: blog_rows
# rollback(): a pending object that was never flushed goes back to transient; flushed ones too; a dirty object's change is discarded and reloaded.
a = User(name="a")
b = User(name="b")
session.add(a)
session.flush()
session.add(b)
u = session.get(User, 1)
u.name = "renamed"
session.rollback()
print(inspect(a).transient, inspect(b).transient, a.id, b.id)
print(u.name, session.is_modified(u))
session.add(a)
session.commit()
print(a.id, inspect(a).persistent)
