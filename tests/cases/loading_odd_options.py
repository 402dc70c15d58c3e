# schema: blog
# setup: blog_rows
# Odd loader options: no attribute, wildcards for columns, options in expression-only queries, chains that do not link, innerjoin=True, strategies under DISTINCT/GROUP BY/LIMIT, unknown keywords: the same errors or rows as SQLAlchemy.
try:
    r = session.execute(select(User).options(joinedload())).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(User).options(load_only())).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(User).options(defer('*'))).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(User).options(undefer('*'))).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(User.name).options(joinedload(User.addresses))).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(User).options(load_only(Address.email))).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(User).options(raiseload(User.addresses, sql_only=True).joinedload(Address.user))).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(User, Address).join(User.addresses).options(contains_eager(User.addresses))).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(User).options(joinedload(User.addresses, innerjoin=True))).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(User).options(selectinload(User.posts).selectinload(Post.tags).selectinload(Tag.posts))).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(User).options(joinedload(User.posts).joinedload(Post.author).joinedload(User.posts))).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(User).options(joinedload(User.addresses)).distinct()).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(User).options(joinedload(User.addresses), joinedload(User.posts)).limit(1).offset(1)).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(Address).options(joinedload(Address.user).joinedload(User.addresses)).limit(2)).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(User).options(defer(User.id))).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(User).options(load_only(User.id, raiseload=True))).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(User).options(joinedload(User.addresses).options(load_only(Address.email)))).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(User).options(joinedload(User.addresses).options(load_only(User.name)))).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(User).options(1)).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(User).options(joinedload(User.addresses, foo=1))).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(User).options(joinedload(User.addresses)).group_by(User.id)).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
try:
    r = session.execute(select(func.count(User.id)).options(joinedload(User.addresses))).unique().all()
    print('ok', len(r))
except Exception as e:
    print(type(e).__name__, str(e)[:120])
session.rollback()
u = session.scalars(select(User).options(load_only(User.id, raiseload=True)).where(User.id == 1)).one()
try:
    print(u.name)
except Exception as e:
    print(type(e).__name__, e)
