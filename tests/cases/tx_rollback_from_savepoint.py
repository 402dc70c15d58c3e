# schema: blog
# setup: blog_rows
# session.rollback() inside a savepoint rolls back each level in turn (SessionTransaction.rollback(_to_root=True)): objects inserted inside the savepoint become transient too.
u1 = User(name='u1')
session.add(u1)
session.flush()
session.begin_nested()
u2 = User(name='u2')
session.add(u2)
session.flush()
t = session.get(Tag, 1)
t.name = 'renamed'
session.begin_nested()
u3 = User(name='u3')
session.add(u3)
session.flush()
session.rollback()
print(inspect(u1).transient, inspect(u2).transient, inspect(u3).transient, t.name)
print(session.scalar(select(func.count()).select_from(User)))
