# schema: blog
# setup: blog_rows
# A deleted object re-attached to a saved parent's one-to-many is saved instead (OneToManyDP.presort_saves registers it with cancel_delete=True).
u = User(name='n1')
p = session.get(Post, 2)
session.add(u)
session.delete(p)
p.author = u
session.flush()
print(p in session.deleted, inspect(p).persistent, p.user_id == u.id)
session.commit()
print(session.scalar(select(func.count()).select_from(Post)))
