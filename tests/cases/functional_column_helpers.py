# schema: blog
# setup: blog_rows
# The functional forms of column methods importable from sqlalchemy: between(), label(), distinct(),
# nulls_last()/nullsfirst() as the methods they stand for (sql/_elements_constructors.py).
from sqlalchemy import between, distinct, label, nulls_last, nullsfirst
print(session.scalars(select(User.name).where(between(User.id, 1, 2)).order_by(User.id)).all())
print(session.execute(select(label("n", User.name)).order_by(User.id)).all())
print(session.execute(select(func.count(distinct(User.name)))).scalar())
print(session.scalars(select(User.name).order_by(nulls_last(User.fullname.desc()))).all())
print(select(User.id).order_by(nullsfirst(User.name)))
print(session.execute(select(label("total", func.count(Address.id)))).one().total)
