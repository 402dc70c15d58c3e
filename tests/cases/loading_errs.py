# schema: blog
# setup: blog_rows
# Loader option mistakes: strategy on the wrong kind of attribute, a chain that does not link, an option for an entity not in the query, strings for attributes, joined collections without unique().
try:
    session.scalars(select(User).options(load_only(User.addresses))).all()
except Exception as e:
    print(type(e).__name__, e)
try:
    session.scalars(select(User).options(joinedload(User.name))).all()
except Exception as e:
    print(type(e).__name__, e)
try:
    session.scalars(select(User).options(defer(User.posts))).all()
except Exception as e:
    print(type(e).__name__, e)
try:
    session.scalars(select(User).options(joinedload(User.addresses).joinedload(Post.tags))).all()
except Exception as e:
    print(type(e).__name__, e)
try:
    session.scalars(select(User).options(raiseload(User.name))).all()
except Exception as e:
    print(type(e).__name__, e)
try:
    session.scalars(select(User).options(joinedload(Post.tags))).all()
except Exception as e:
    print(type(e).__name__, e)
try:
    joinedload("addresses")
except Exception as e:
    print(type(e).__name__, e)
try:
    session.scalars(select(User).options(joinedload(User.addresses))).all()
except Exception as e:
    print(type(e).__name__, e)
print(len(session.execute(select(User).options(joinedload(User.addresses))).unique().all()))
print(len(session.query(User).options(joinedload(User.addresses)).all()))
u = session.query(User).options(joinedload(User.addresses)).filter(User.id == 1).one()
print(len(u.addresses))
