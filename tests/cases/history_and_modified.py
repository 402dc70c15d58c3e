# schema: blog
# setup: blog_rows
# Attribute history and is_modified: setting the same value is "modified" (dirty) but has no net change, so no UPDATE is emitted.
u = session.get(User, 1)
u.name = "ed"
print(u in session.dirty, session.is_modified(u), inspect(u).modified)
h = inspect(u).attrs.name.history
print(h.added, h.unchanged, h.deleted, h.has_changes())
u.fullname = "New"
h = inspect(u).attrs.fullname.history
print(h.added, h.deleted, h.unchanged)
session.flush()
print(inspect(u).attrs.fullname.history.unchanged, session.dirty)
n = User(name="n")
print(inspect(n).attrs.name.history.added, inspect(n).attrs.fullname.history)
u.fullname = None
print(inspect(u).attrs.fullname.history)
session.flush()
print(u.fullname)
