# schema: blog
# setup: blog_rows
# Column loader options: defer() leaves a column unloaded until first access (one SELECT of that column), load_only() keeps the primary key and the named columns, undefer() wins over load_only, defer(raiseload=True) raises.
users = session.scalars(select(User).options(defer(User.fullname)).order_by(User.id)).all()
u = users[0]
print(sorted(inspect(u).unloaded))
print(u.fullname)
print(sorted(inspect(u).unloaded))
session.expunge_all()
users = session.scalars(select(User).options(load_only(User.name)).order_by(User.id)).all()
print([x.name for x in users])
print(sorted(inspect(users[1]).unloaded))
print(users[1].fullname)
session.expire(users[0])
print(users[0].fullname)
session.expunge_all()
posts = session.scalars(select(Post).options(defer(Post.body), defer(Post.title)).order_by(Post.id)).all()
print(posts[0].body)
print(posts[0].title)
session.expunge_all()
p = session.scalars(select(Post).options(defer(Post.body, raiseload=True))).first()
try:
    p.body
except Exception as e:
    print(type(e).__name__, e)
session.expunge_all()
p = session.scalars(select(Post).options(load_only(Post.title), undefer(Post.body))).first()
print(sorted(inspect(p).unloaded))
