# schema: blog
# setup: blog_rows
# stmt.cte() as SQLAlchemy compiles it: hoisted into one WITH at the top of the outermost
# statement (named or anon_N), CTEs used by CTEs first, parameters in text order, usable in IN
# (subquery), joins, ORM entity queries and inside a FROM subquery; str() shows the WITH.
cte = select(Address.user_id).where(Address.email.like("%example%")).cte("ex")
print(session.scalars(select(User.name).where(User.id.in_(select(cte.c.user_id))).where(User.name != "x").order_by(User.id)).all())
c2 = select(Address.user_id, func.count(Address.id).label("n")).group_by(Address.user_id).cte()
print(session.execute(select(User.name, c2.c.n).join(c2, User.id == c2.c.user_id).where(c2.c.n > 0).order_by(User.id)).all())
a = select(Address.user_id).cte("a")
b = select(a.c.user_id).where(a.c.user_id > 1).cte("b")
print(session.execute(select(b.c.user_id, literal(5))).all())
sq = select(cte.c.user_id).subquery()
print(session.execute(select(sq.c.user_id).order_by(sq.c.user_id)).all())
print(select(User.name).where(User.id.in_(select(cte.c.user_id))))
users = session.scalars(select(User).join(c2, User.id == c2.c.user_id).order_by(User.id)).all()
print(users)
