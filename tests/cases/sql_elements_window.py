# schema: blog
# setup: blog_rows
# Column elements of sql/elements.py: tuple_() compared and IN-tested with Python tuples (binds
# typed after the tuple's columns), window functions (func.x().over(partition_by=, order_by=),
# over()), type_coerce() (renders the expression, types the bind and the result), extract()
# (SQLite's CAST(STRFTIME(...) AS INTEGER); str() uses the default dialect's EXTRACT), and MySQL's
# FROM DUAL for a SELECT with WHERE and no FROM (MySQLCompiler.default_from).
from sqlalchemy import tuple_, extract, type_coerce, over, String, Integer
print(session.execute(select(User.id).where(tuple_(User.id, User.name).in_([(1, "ed"), (2, "x"), (3, "mary")])).order_by(User.id)).all())
print(session.execute(select(User.id).where(tuple_(User.id, User.name) == (2, "wendy"))).all())
print(session.execute(select(User.name, func.row_number().over(order_by=User.name)).order_by(User.id)).all())
print(session.execute(select(Post.id, func.rank().over(partition_by=Post.user_id, order_by=Post.id.desc()).label("r")).order_by(Post.id)).all())
print(session.execute(select(Address.user_id, func.count().over(partition_by=Address.user_id)).order_by(Address.id)).all())
print(session.execute(select(User.id, over(func.sum(User.id), order_by=[User.id])).order_by(User.id)).all())
print(session.execute(select(type_coerce(User.id, String).label("s")).where(type_coerce(User.name, String) == "ed")).all())
print(session.scalars(select(User.name).where(type_coerce(User.id, Integer) > 1).order_by(User.id)).all())
print(session.execute(select(func.count()).where(extract("year", func.current_date()) > 2000)).scalar())
print(select(tuple_(User.id, User.name).in_([(1, "ed")])))
print(func.row_number().over(order_by=User.name, partition_by=User.id))
print(extract("month", User.id))
