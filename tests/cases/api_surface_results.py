# schema: blog
# setup: blog_rows
# API surface of SQLAlchemy 2.x: engine.raw_connection() (a DBAPI connection: cursor(), execute,
# fetchall, close; untraced, pool/base.py _ConnectionFairy), Connection.scalars(), `for obj in
# session` (Session.__iter__: new then identity map), Result.columns(), partitions() yielding lists,
# dict(row._mapping), scoped_session(**kw) (scoping.py __call__: configures the new session, refused
# once one exists), and results closing as engine/result.py does: first()/one()/one_or_none()/
# scalar()/scalar_one() close the result (_only_one_row), close() too, and a closed result raises
# ResourceClosedError, also through a derived scalars()/mappings() result.
rc = engine.raw_connection()
cur = rc.cursor()
_ = cur.execute("SELECT id, name FROM users ORDER BY id")
print(cur.fetchone())
print(cur.fetchall())
cur.close()
rc.close()
with engine.connect() as conn:
    print(conn.scalars(select(User.name).order_by(User.id)).all())
    print(conn.scalar(select(func.count(User.id))))
u = session.get(User, 1)
session.add(User(name="newbie"))
for obj in session:
    print(obj)
session.rollback()
r = session.execute(select(User.id, User.name, User.fullname).order_by(User.id))
print(r.columns("name", 0).all())
r = session.execute(select(User.id, User.name).order_by(User.id))
for p in r.partitions(2):
    print(p)
r = session.execute(select(User.id, User.name).order_by(User.id))
for row in r:
    print(dict(row._mapping))
r = session.execute(select(User.id, User.name).order_by(User.id))
print(r.first())
try:
    r.fetchone()
except Exception as e:
    print(type(e).__name__, e)
r = session.execute(select(User.name).order_by(User.id))
print(r.scalars().first())
try:
    r.all()
except Exception as e:
    print(type(e).__name__)
r = session.execute(select(User.id).order_by(User.id))
try:
    r.one_or_none()
except Exception as e:
    print(type(e).__name__, e)
try:
    r.all()
except Exception as e:
    print(type(e).__name__)
r = session.execute(select(User.id).order_by(User.id))
print(r.fetchmany(2), r.fetchall(), r.fetchall())
r.close()
try:
    r.fetchall()
except Exception as e:
    print(type(e).__name__)
r = session.execute(select(User.id).where(User.id == 1))
print(r.scalar_one())
try:
    r.all()
except Exception as e:
    print(type(e).__name__)
r = session.execute(select(User.id).order_by(User.id))
print(r.scalar())
try:
    list(r)
except Exception as e:
    print(type(e).__name__)
Sc = scoped_session(sessionmaker(bind=engine))
s1 = Sc(autoflush=False)
print(s1.autoflush, Sc() is s1)
try:
    Sc(autoflush=True)
except Exception as e:
    print(type(e).__name__, e)
Sc.remove()
s2 = Sc(expire_on_commit=False)
print(s2.expire_on_commit)
Sc.remove()
