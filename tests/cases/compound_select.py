# schema: blog
# setup: blog_rows
# Compound selects (sql/selectable.py CompoundSelect, compiler.py visit_compound_select): union,
# union_all, intersect, except_ as functions and Select methods; run in a session they give rows,
# not entities; ORDER BY of the compound renders without table names; as subquery, IN (...) and
# CTE; a SELECT with its own LIMIT in parentheses; a CompoundSelect has no where(). ORM entities
# from a compound or a text() with from_statement() (orm/context.py FromStatement).
from sqlalchemy import union, union_all, intersect, except_, intersect_all, except_all
u = union(select(User).where(User.id < 2), select(User).where(User.name == "wendy"))
print(u)
r = session.execute(u)
print(r.keys())
for row in r:
    print(row)
print(session.scalars(union_all(select(User.name).where(User.id < 3), select(Address.email).where(Address.id < 2)).order_by("name")).all())
s = select(User).from_statement(u)
print(session.scalars(s).all())
sq = union(select(User.id, User.name).where(User.id < 2), select(User.id, User.name).where(User.id > 3)).subquery()
print(session.execute(select(sq.c.name).order_by(sq.c.id)).all())
print(session.execute(select(User.id).union(select(Address.user_id)).order_by(User.id).limit(2)).all())
print(session.execute(select(User.id).except_(select(Address.user_id)).order_by(User.id.desc())).all())
print(session.execute(select(User.id).intersect(select(Address.user_id))).all())
print(session.scalars(select(User).from_statement(text("SELECT * FROM users WHERE id = :i")), {"i": 3}).all())
print(session.execute(select(User.name).where(User.id.in_(union(select(Address.user_id).where(Address.id == 3), select(Post.user_id).where(Post.id == 1)))).order_by(User.id)).all())
c = union_all(select(User.id.label("k")), select(Tag.id)).cte("c")
print(session.execute(select(func.count(c.c.k))).scalar())
try:
    u.where(User.id == 1)
except AttributeError as e:
    print(e)
print(session.execute(union(select(User.id).where(User.id == 1), select(User.id).order_by(User.id).limit(1)).order_by("id")).all())
