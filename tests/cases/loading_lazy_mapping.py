# schema: blog_lazy
# setup: blog_rows
# Mapping-level lazy= strategies (selectin, joined, raise, raise_on_sql, noload) on get(), lazy loads and queries; options override them per query; joined loads check for cycles within their statement, selectin loads along the whole path; selectin IN lists include objects already loaded.
u = session.get(User, 1)
print([a.email for a in u.addresses])
try:
    u.posts
except Exception as e:
    print(type(e).__name__, e)
session.expunge_all()
users = session.scalars(select(User).options(lazyload(User.addresses), selectinload(User.posts)).order_by(User.id)).all()
print([len(x.posts) for x in users])
print([a.email for a in users[0].addresses])
session.expunge_all()
posts = session.scalars(select(Post).order_by(Post.id)).all()
print([p.author.name for p in posts])
try:
    posts[0].tags
except Exception as e:
    print(type(e).__name__, e)
session.expunge_all()
a = session.get(Address, 1)
print(a.user.name)
session.expunge_all()
t = session.get(Tag, 1)
print(t.posts)
u = session.get(User, 2)
session.expunge_all()
posts = session.scalars(select(Post).options(lazyload(Post.author))).all()
print(posts[0].author.name)
posts = session.scalars(select(Post).options(selectinload(Post.tags), lazyload(Post.author))).all()  # author lazy: its eager User.addresses and Post.tags would be sibling post-loads, run by SQLAlchemy in Mapper._prop_set (address) order
print([[t.name for t in p.tags] for p in posts])
session.expunge_all()
u = session.get(User, 1)
p = session.scalars(select(Post).where(Post.id == 1)).one()
print(p.tags)
