# schema: blog
# setup: blog_rows
# yield_per (issue 10): an ORM result with execution_options(yield_per=N) loads its rows N at a
# time as it is read (orm/loading.py instances(): cursor.fetchmany(yield_per) per chunk, post
# loads per chunk), so objects become persistent chunk by chunk between the loop's own output;
# first() loads one chunk and closes; all() and fetchmany(); partitions() without a size uses
# yield_per's, with a size on a server-side cursor (PostgreSQL, MariaDB) loads chunks of that size
# (ChunkedIteratorResult.dynamic_yield_per); Query.yield_per(); expunging in the loop.
stmt = select(User).order_by(User.id).execution_options(yield_per=2)
for u in session.scalars(stmt):
    print("got", u.name)
session.expunge_all()
r = session.scalars(select(User).order_by(User.id).execution_options(yield_per=2))
print(r.first())
session.expunge_all()
r = session.scalars(select(User).order_by(User.id).execution_options(yield_per=2))
print(r.fetchmany(1))
print(r.all())
session.expunge_all()
r = session.execute(select(User.id, User.name).order_by(User.id).execution_options(yield_per=2))
for p in r.partitions():
    print(p)
session.expunge_all()
r = session.scalars(select(User).order_by(User.id), execution_options={"yield_per": 1})
for p in r.partitions(2):
    print([u.name for u in p])
session.expunge_all()
for u in session.query(User).order_by(User.id).yield_per(2):
    print("query", u.name)
session.expunge_all()
n = 0
for u in session.scalars(select(User).order_by(User.id).execution_options(yield_per=1)):
    n += 1
    session.expunge(u)
print(n, len(session.identity_map))
