# schema: blog
# setup: blog_rows
# Options reach lazy loads: objects remember the options and path they were loaded with (state.load_options), so defaultload(...).load_only/defer/raiseload and lazyload(...).joinedload apply when the relationship loads later.
from sqlalchemy.orm import defaultload
users = session.scalars(select(User).options(defaultload(User.addresses).load_only(Address.email)).order_by(User.id)).all()
print([a.email for a in users[0].addresses])
print(sorted(inspect(users[0].addresses[0]).unloaded))
session.expunge_all()
users = session.scalars(select(User).options(lazyload(User.posts).joinedload(Post.tags), defaultload(User.posts).defer(Post.body)).order_by(User.id)).all()
print([[t.name for t in p.tags] for p in users[0].posts])
print(users[0].posts[0].body)
session.expunge_all()
users = session.scalars(select(User).options(defaultload(User.posts).raiseload(Post.author)).order_by(User.id)).all()
try:
    users[0].posts[0].author
except Exception as e:
    print(type(e).__name__, e)
