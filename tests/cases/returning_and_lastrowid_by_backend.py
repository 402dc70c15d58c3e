# schema: blog
# setup: blog_rows
# CursorResult.lastrowid as each driver reports it (psycopg2: 0, the OID of a table without OIDs; SQLite and MariaDB: the new row id); UPDATE ... RETURNING on MariaDB is sent, the server refuses it (SQLAlchemy's MariaDB compiler renders it); returning(..., sort_by_parameter_order=True) is accepted
r = session.execute(insert(User).values(name="lr1"))
print(r.lastrowid is None, r.rowcount)
try:
    print(session.execute(update(User).where(User.id == 1).values(fullname="E").returning(User.id)).all())
except Exception as e:
    print(type(e).__name__)
session.rollback()
try:
    print(session.execute(delete(Address).where(Address.id == 1).returning(Address.id)).all())
except Exception as e:
    print(type(e).__name__)
session.rollback()
print(session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), [{"name": "n1"}, {"name": "n2"}]).all())
session.rollback()
print(session.scalars(insert(User).returning(User, sort_by_parameter_order=True), [{"name": "n3"}, {"name": "n4"}]).all())
session.commit()
