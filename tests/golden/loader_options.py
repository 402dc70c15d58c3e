# schema: blog
session.add_all([User(name="ed", fullname="Ed Jones", addresses=[Address(email="a@x"), Address(email="b@x")], posts=[Post(title="p1", body="long text")]), User(name="wendy")])
session.commit()
session.close()
# load_only: the primary key and the named columns; the rest loads on first access
users = session.scalars(select(User).options(load_only(User.name)).order_by(User.id)).all()
print(sorted(inspect(users[0]).unloaded))
print(users[0].fullname)
# defer with raiseload: no SQL, an error instead
p = session.scalars(select(Post).options(defer(Post.body, raiseload=True))).first()
try:
    p.body
except Exception as e:
    print(type(e).__name__, e)
session.close()
# raiseload("*") with one relationship loaded eagerly
u = session.scalars(select(User).options(selectinload(User.addresses), raiseload("*")).where(User.name == "ed")).one()
print([a.email for a in u.addresses])
try:
    u.posts
except Exception as e:
    print(type(e).__name__, e)
session.close()
# contains_eager: the collection comes from the statement's own join
stmt = select(User).join(User.addresses).where(Address.email.like("a%")).options(contains_eager(User.addresses))
u = session.scalars(stmt).unique().one()
print([a.email for a in u.addresses])
session.close()
# joinedload of a collection under LIMIT: wrapped so the limit counts users
u = session.scalars(select(User).options(joinedload(User.addresses)).order_by(User.id).limit(1)).unique().one()
print(len(u.addresses))
