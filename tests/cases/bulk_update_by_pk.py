# schema: blog
# setup: blog_rows
# ORM bulk UPDATE by primary key: session.execute(update(User), [dicts]) sends UPDATE ... WHERE id = ? per key set (bulk_persistence._bulk_update) and refreshes unmodified loaded attributes of objects in the identity map.
u1 = session.get(User, 1)
u2 = session.get(User, 2)
u2.name = 'changed'
session.execute(update(User), [{'id': 1, 'fullname': 'q'}, {'id': 2, 'fullname': 'r'}, {'id': 3, 'name': 'n3', 'fullname': None}])
print(u1.fullname, u2.fullname, u2.name)
print(session.dirty)
r = session.execute(update(User), [{'id': 1, 'name': 'one'}])
r
session.execute(update(User), [{'name': 'nokey'}])
session.execute(update(User), [{'id': 99, 'name': 'ghost'}])
session.rollback()
session.execute(update(Post), [{'id': 1}, {'id': 2, 'title': 'x'}])
session.commit()
print(session.execute(select(User.id, User.name, User.fullname).order_by(User.id)).all())
print(session.execute(select(Post.id, Post.title).order_by(Post.id)).all())
r = session.execute(update(User), [{'id': 1, 'name': 'again'}, {'id': 2, 'name': 'again2'}])
print(r.all())
