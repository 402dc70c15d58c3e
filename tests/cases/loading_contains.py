# schema: blog
# setup: blog_rows
# contains_eager(): a relationship populated from the statement's own JOIN; its columns come before the entity's, collections need unique().
stmt = select(Address).join(Address.user).where(User.name == "ed").options(contains_eager(Address.user))
addrs = session.scalars(stmt).all()
print([(a.email, a.user.name) for a in addrs])
session.expunge_all()
stmt = select(User).join(User.addresses).options(contains_eager(User.addresses)).order_by(User.id, Address.id)
users = session.scalars(stmt).unique().all()
print([(x.name, [a.email for a in x.addresses]) for x in users])
session.expunge_all()
stmt = select(User).outerjoin(User.addresses).where(Address.email.like("%@%")).options(contains_eager(User.addresses))
users = session.execute(stmt).unique().scalars().all()
print([(x.name, len(x.addresses)) for x in users])
