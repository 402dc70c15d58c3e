# schema: blog
# setup: blog_rows
# raiseload() per query: the collection raises, other relationships still lazy-load; raiseload("*"); sql_only=True raises only when SQL would be needed; expire() drops the instance-level loader.
u = session.scalars(select(User).options(raiseload(User.addresses)).where(User.id == 1)).one()
try:
    u.addresses
except Exception as e:
    print(type(e).__name__, e)
print(u.posts[0].title)
session.expunge_all()
u = session.scalars(select(User).options(raiseload("*")).where(User.id == 1)).one()
try:
    u.posts
except Exception as e:
    print(type(e).__name__, e)
session.expunge_all()
a = session.scalars(select(Address).options(raiseload(Address.user, sql_only=True)).where(Address.id == 1)).one()
u = session.get(User, a.user_id)
print(a.user is u)
session.expunge_all()
a = session.scalars(select(Address).options(raiseload(Address.user, sql_only=True)).where(Address.id == 1)).one()
try:
    a.user
except Exception as e:
    print(type(e).__name__, e)
session.expire(a)
print(a.user.name)
