# schema: blog
# setup: blog_rows
# str() of statements as the tutorials print them: an ORM select compiles through the ORM plugin (joinedload / contains_eager columns and JOINs, load_only / defer columns, the LIMIT subquery of a joined collection); the default compiler's LIMIT without OFFSET, true/false keywords, now(); a function compared to a value binds under its name (Function._bind_param: count_1); a String-typed cast concatenates with ||. SQLAlchemy sql/compiler.py (StrSQLCompiler), orm/context.py.
print(select(Post).options(load_only(Post.title)).order_by(Post.id))
print(select(Post).options(defer(Post.body)))
print(select(Address).options(joinedload(Address.user, innerjoin=True)).order_by(Address.id))
print(select(Address).join(Address.user).where(User.name == "ed").options(contains_eager(Address.user)))
print(select(Post).options(selectinload(Post.tags), joinedload(Post.author)).order_by(Post.id))
print(select(User).options(joinedload(User.addresses)).order_by(User.id).limit(2))
print(select(User.id).limit(2))
print(select(User.id).offset(2))
print(select(User.id).limit(2).offset(1))
stmt = select(User.name, func.count(Address.id).label("count")).join(User.addresses).group_by(User.name).having(func.count(Address.id) > 1)
print(stmt)
print(session.execute(stmt).all())
print(select(func.max(User.id).label("m")).group_by(User.fullname).having(func.max(User.id) > 1).order_by("m"))
from sqlalchemy import String
print(select(cast(User.id, String) + "!"))
print(session.scalars(select(cast(User.id, String) + "!").order_by(User.id)).all())
print(select(User.name).where(true()))
print(select(func.lower(User.name), func.now()))
u = session.scalars(select(Post).options(load_only(Post.title)).where(Post.id == 2)).one()
print(u, sorted(inspect(u).unloaded))
