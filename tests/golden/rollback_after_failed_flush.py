# schema: blog
# After a failed flush, what is added, deleted or changed before rollback() is
# discarded by the rollback (SQLAlchemy warns "Session's state has been changed
# on a non-active transaction - this state will be discarded"): nothing of it
# reaches the database at the next flush.
u = User(name="ann")
v = User(name="bob")
session.add_all([u, v])
session.commit()
session.add(User(name="ann"))
try:
    session.flush()
except Exception as e:
    print(type(e).__name__)
session.delete(v)
session.add(User(name="cy"))
u.fullname = "Ann A."
session.rollback()
print(session.scalars(select(User.name).order_by(User.name)).all())
print(u.fullname, v in session, inspect(v).persistent)
