# schema: blog
# setup: blog_rows
# populate_existing (get keyword, execution_options on the statement and on execute, Query.populate_existing) re-SELECTs and overwrites the object, resetting loaded relationships; get(with_for_update=True) re-SELECTs; get(options=[...]) loads with the options.
u = session.get(User, 1)
u.name = "changed"
print(len(u.addresses))
u2 = session.get(User, 1, populate_existing=True)
print(u2 is u, u.name, session.dirty, sorted(inspect(u).unloaded))
u.fullname = "x"
print(session.scalars(select(User).where(User.id == 1).execution_options(populate_existing=True)).one().fullname)
u.fullname = "y"
print(session.execute(select(User).where(User.id == 1), execution_options={"populate_existing": True}).scalar_one().fullname)
u.fullname = "z"
print(session.query(User).populate_existing().filter(User.id == 1).one().fullname)
session.get(User, 1, with_for_update=True)
print(session.get(User, 2, options=[selectinload(User.addresses)]).name)
print([p.title for p in session.get(User, 1, options=[joinedload(User.posts)], populate_existing=True).posts])
session.rollback()
