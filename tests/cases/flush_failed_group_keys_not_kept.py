# schema: blog
# setup: blog_rows
# Several new rows of one table go as one executemany with RETURNING and their keys reach the objects only when every row is in (_emit_insert_statements, orm/persistence.py): when a later row of the group fails, the earlier rows' objects keep no key, and after rollback() a re-add INSERTs without one.
a = User(name="aaa")
b = User(name="ed")
session.add_all([a, b])
try:
    session.flush()
except Exception as e:
    print(type(e).__name__)
session.rollback()
print(inspect(a).transient, inspect(b).transient, a.id, b.id)
session.add(a)
session.commit()
print(inspect(a).persistent, a.name)
c = User(name="ccc")
t = Tag(name="python")
session.add_all([c, t])
try:
    session.flush()
except Exception as e:
    print(type(e).__name__)
session.rollback()
print(c.id is None, t.id)
