# schema: blog
# setup: blog_rows
# Chained loader options: joinedload→joinedload, selectinload→selectinload across a many-to-many, load_only on an eager-loaded target, raiseload("*") below a selectin load, legacy Query with joinedload.
users = session.scalars(select(User).options(joinedload(User.posts).joinedload(Post.tags)).order_by(User.id)).unique().all()
print([(x.name, [(p.title, [t.name for t in p.tags]) for p in x.posts]) for x in users])
session.expunge_all()
# (one selectin chain per query: two sibling eager loaders of one query run, in SQLAlchemy, in the
# order of the mapper's _prop_set frozenset, i.e. by object address, which differs between processes)
users = session.scalars(select(User).options(selectinload(User.posts).selectinload(Post.tags))).all()
print(sorted([(x.name, [(p.title, [t.name for t in p.tags]) for p in x.posts]) for x in users]))
users = session.scalars(select(User).options(selectinload(User.addresses).load_only(Address.email))).all()
print(sorted([(x.name, [a.email for a in x.addresses]) for x in users]))
print(sorted(inspect(users[0].addresses[0]).unloaded))
session.expunge_all()
users = session.scalars(select(User).options(joinedload(User.addresses).load_only(Address.email)).order_by(User.id)).unique().all()
print([[a.email for a in x.addresses] for x in users])
a = users[0].addresses[0]
print(a.user_id)
session.expunge_all()
posts = session.scalars(select(Post).options(selectinload(Post.author).raiseload("*"))).all()
print([p.author.name for p in posts])
try:
    posts[0].author.addresses
except Exception as e:
    print(type(e).__name__, e)
session.expunge_all()
q = session.query(User).options(joinedload(User.addresses)).filter(User.id == 1)
u = q.one()
print([a.email for a in u.addresses])
