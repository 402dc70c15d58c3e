# schema: blog
# setup: blog_rows
# Results of joined eager loads of collections need unique() (orm/loading.py require_unique) only
# when a row passes the unique filter: first() and scalar() never filter (_only_one_row without
# raise_for_second_row), a result with no rows never raises; all(), one(), fetchone() and iteration
# over rows raise InvalidRequestError. Fuzz finding query_joinedload|out|-/InvalidRequestError.
tag = session.scalars(select(Tag).options(joinedload(Tag.posts)).order_by(Tag.id).limit(1)).first()
print(tag.name, [p.title for p in tag.posts])
print(session.scalar(select(User).options(joinedload(User.addresses)).where(User.id == 2)))
print(session.scalars(select(User).options(joinedload(User.addresses)).where(User.id > 10)).all())
print(session.execute(select(User).options(joinedload(User.addresses)).where(User.id > 10)).one_or_none())
stmt = select(User).options(joinedload(User.addresses)).where(User.id == 1)
try:
    print(session.scalars(stmt).all())
except Exception as e:
    print("all", type(e).__name__, e)
try:
    print(session.scalars(stmt).one())
except Exception as e:
    print("one", type(e).__name__, e)
try:
    print(session.execute(stmt).fetchone())
except Exception as e:
    print("fetchone", type(e).__name__, e)
try:
    for u in session.scalars(select(User).options(joinedload(User.addresses))):
        print(u)
except Exception as e:
    print(type(e).__name__, e)
print(session.scalars(select(User).options(joinedload(User.addresses)).order_by(User.id)).unique().all())
