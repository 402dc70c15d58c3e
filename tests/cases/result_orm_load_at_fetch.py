# schema: blog
# setup: blog_rows
# ORM rows become objects at the first fetch, all at once with their post loads (loading.instances runs when the result is first read, not at Session.execute()); a result closed unread loads nothing; fetchmany() without a size on an ORM result reads every row (IteratorResult._fetchmany_impl: islice(it, 0, None)). SQLAlchemy orm/loading.py, engine/result.py.
result = session.execute(select(User).order_by(User.id))
for row in result:
    print(row.User.name)
r = session.scalars(select(Address).order_by(Address.id))
a = session.get(Address, 1)
print(r.all())
r2 = session.execute(select(Post).options(selectinload(Post.tags)).order_by(Post.id))
print(len(session.identity_map))
posts = r2.scalars().all()
print([p.tags for p in posts])
r3 = session.execute(select(Tag))
r3.close()
r4 = session.execute(select(User).options(joinedload(User.posts)).where(User.id == 1))
u = r4.unique().scalar_one()
print(u.posts)
session.expunge_all()
r5 = session.execute(select(User.name, User).order_by(User.id))
print(r5.fetchmany())
print(r5.fetchmany())
r6 = session.scalars(select(User).where(User.id > 1).order_by(User.id))
print(r6.first())
print(session.scalar(select(User).where(User.id == 3)))
session.execute(select(Tag))
q = session.query(User).filter(User.id < 3)
for x in q:
    print(x)
