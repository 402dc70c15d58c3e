# schema: blog
# setup: blog_rows
# Deferred columns through the session: modify and flush a deferred attribute, refresh() keeps the options' deferral, expire() then access loads everything, identity-map hits keep their loaded state, a detached deferred load raises.
p = session.scalars(select(Post).options(defer(Post.body)).where(Post.id == 1)).one()
p.body = "changed"
session.flush()
print(p.body)
session.commit()
print(p.body)
p2 = session.scalars(select(Post).options(load_only(Post.title)).where(Post.id == 2)).one()
session.refresh(p2)
print(sorted(inspect(p2).unloaded))
p3 = session.scalars(select(Post).options(load_only(Post.title)).where(Post.id == 3)).one()
session.expire(p3, ["title"])
print(p3.title)
print(p3.body)
print(p3.author.name)
p4 = session.scalars(select(Post).options(defer(Post.body)).where(Post.id == 1)).one()
print(p4 is p)
session.expunge(p3)
p5 = session.scalars(select(Post).options(defer(Post.body)).where(Post.id == 3)).one()
session.expunge(p5)
try:
    p5.body
except Exception as e:
    print(type(e).__name__)
u = session.get(User, 1)
x = session.scalars(select(User).options(defer(User.fullname)).where(User.id == 1)).one()
print(x is u, sorted(inspect(x).unloaded))
session.rollback()
us = session.execute(select(User, Address).join(User.addresses).options(load_only(User.name), load_only(Address.email)).order_by(Address.id)).all()
print([(r[0].name, r[1].email) for r in us])
