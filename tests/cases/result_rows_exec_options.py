# schema: blog
# setup: blog_rows
# Row: _t, _asdict(), _mapping, a missing attribute is AttributeError(name) (Row.__getattr__); execution_options(autoflush=False) skips the ORM SELECT's autoflush; fetchmany() without a size on a yield_per result reads yield_per rows; str() of a legacy Query compiles for the session's bind (Query.__str__). SQLAlchemy engine/row.py, orm/context.py, orm/query.py.
row = session.execute(select(User.id, User.name).where(User.id == 2)).one()
print(row._t, tuple(row), row._asdict(), row._mapping["name"])
try:
    row.nope
except AttributeError as e:
    print(type(e).__name__, e)
session.add(User(name="newbie"))
print(session.scalars(select(User.name).execution_options(autoflush=False).order_by(User.id)).all())
print(session.scalars(select(User.name).order_by(User.id), execution_options={"autoflush": False}).all())
print(session.scalars(select(User.name).order_by(User.id)).all())
r = session.scalars(select(User.name).order_by(User.id), execution_options={"yield_per": 2})
print(r.fetchmany())
print(r.all())
q = session.query(User).filter(User.name != "ed").order_by(User.id)
print(q)
print(q.all())
