# schema: blog
# setup: blog_rows
# SQL construction SQLAlchemy 2.x offers (sql/selectable.py, sql/elements.py, sql/compiler.py):
# subquery().c.<key> and c["key"], select_from(subquery), join(subquery, on); exists() alone in
# where()/select(); column == scalar_subquery(); join(alias, Rel) puts the ON clause on the alias;
# case({...}, value=col); the type classes from `sqlalchemy` for cast(); literal_column(); bindparam()
# and text() parameters from .params() or execute() parameters, a missing one raising StatementError
# (compiler.construct_params); a scalar subquery in INSERT VALUES is not correlated to the INSERT table.
from sqlalchemy import Integer, String, literal_column, bindparam
sq = select(Address.user_id, func.count(Address.id).label("n")).group_by(Address.user_id).subquery()
print(session.execute(select(User.name, sq.c.n).join(sq, User.id == sq.c.user_id).order_by(User.id)).all())
print(session.execute(select(sq.c.user_id).select_from(sq).order_by(sq.c.user_id)).all())
print(session.execute(select(sq).order_by(sq.c["user_id"])).all())
print(session.scalars(select(User.name).where(exists().where(Address.user_id == User.id)).order_by(User.id)).all())
print(session.scalars(select(User.name).where(~exists().where(Address.user_id == User.id)).order_by(User.id)).all())
print(session.scalar(select(exists().where(User.name == "ed"))))
print(session.scalar(select(exists(select(User.id).where(User.name == "nobody")))))
print(session.scalars(select(User.name).where(User.id == select(func.max(Address.user_id)).scalar_subquery())).all())
a1 = aliased(User)
print(session.execute(select(a1.name, Address.email).join(a1, Address.user).order_by(Address.id)).all())
print(session.execute(select(User.name, case({"ed": "E", "wendy": "W"}, value=User.name, else_="?")).order_by(User.id)).all())
print(session.execute(select(cast(User.id, String), cast("7", Integer)).order_by(User.id)).all())
print(String(30), Integer())
print(session.execute(select(User.name, literal_column("'x'").label("lit")).order_by(User.id)).first())
print(session.scalars(select(User.name).where(text("name = :n")).params(n="ed")).all())
print(session.scalars(select(User.name).where(text("name = :n")), {"n": "mary"}).all())
print(session.scalars(select(User.name).where(User.name == bindparam("nm")), {"nm": "wendy"}).all())
print(session.query(User.name).filter(text("id = :i")).params(i=3).all())
try:
    session.scalars(select(User.name).where(text("name = :n"))).all()
except Exception as e:
    print(type(e).__name__)
try:
    session.execute(text("SELECT name FROM users WHERE id = :id"))
except Exception as e:
    print(type(e).__name__)
session.execute(insert(User).values(name="sub", fullname=select(User.fullname).where(User.id == 1).scalar_subquery()))
session.execute(insert(User).values(name=func.lower("LOW"), fullname=func.upper("x")))
print(session.execute(select(User.name, User.fullname).where(User.id > 3).order_by(User.id)).all())
session.commit()
