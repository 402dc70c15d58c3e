# schema: blog
# setup: blog_rows
# Plain strings where SQL is expected: session.execute/scalars/scalar raise ArgumentError (SQL quoted as repr, cut at 25 characters), Connection.execute raises ObjectNotExecutableError, where()/filter()/having() refuse a string, join() a name.
session.execute("select * from users")
session.execute("select name from users where id = 1")
with engine.connect() as conn:
    conn.execute("select * from users")
    conn.execute(5)
session.scalars("select 1")
session.scalar("select 1")
session.execute(5)
select(User).where("users.id > 1 and name = 'ed'")
select(User).filter("x")
session.query(User).filter("id = 2").all()
select(User.name).group_by(User.name).having("count(*) > 1")
select(User).where(1)
print(session.scalars(select(User.id).where(text("id = 2"))).all())
print(session.scalars(select(User.id).where(User.id > 1, True).order_by(User.id)).all())
print(session.scalars(select(User.id).where(and_(User.id > 1, text("name = 'mary'")))).all())
and_(User.id == 1, "name = 'ed'")
select(User).join("addresses")
from sqlalchemy.exc import ObjectNotExecutableError, ArgumentError
print(issubclass(ObjectNotExecutableError, ArgumentError))
