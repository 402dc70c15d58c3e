# schema: blog
# setup: blog_rows
# A joined eager collection with LIMIT/OFFSET (legacy Query.first() too): the statement is wrapped in a subquery so the limit counts users, not joined rows.
u = session.query(User).options(joinedload(User.addresses)).order_by(User.id).first()
print([a.email for a in u.addresses])
session.expunge_all()
users = session.scalars(select(User).options(joinedload(User.addresses)).where(User.name != "mary").order_by(User.name).limit(2).offset(0)).unique().all()
print([(x.name, len(x.addresses)) for x in users])
session.expunge_all()
posts = session.scalars(select(Post).options(joinedload(Post.author)).limit(1)).all()
print(posts[0].author.name)
