# schema: blog
# setup: blog_rows
# A flush that fails inside a savepoint rolls back the savepoint only; until that savepoint is rolled back the session refuses work.
session.add(User(name="kept"))
sp = session.begin_nested()
session.add(User(name="ed"))
session.flush()
print(session.is_active)
session.scalar(select(func.count(User.id)))
sp.rollback()
print(session.is_active, session.in_nested_transaction())
print(session.scalar(select(func.count(User.id))))
session.commit()
print(session.scalars(select(User.name).order_by(User.id)).all())
