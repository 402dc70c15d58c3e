# schema: blog
# setup: blog_rows
# ORM bulk INSERT with a list of dicts whose keys differ: consecutive rows with the same keys form one INSERT each, None values are left out (persistence._collect_insert_commands / _emit_insert_statements).
r = session.execute(insert(Post), [{'title': 'python', 'body': 'body1', 'user_id': 3}, {'title': 'orm'}, {'title': 'orm2'}])
print(r.rowcount)
session.execute(insert(Tag), [{'name': 'a'}, {'name': 'b', 'id': 40}, {'name': 'c'}])
session.execute(insert(Post), [{'title': 't1', 'body': None}, {'title': 't2', 'body': 'x'}, {'title': 't3', 'body': None, 'user_id': None}])
session.commit()
print(session.execute(select(Post.id, Post.title, Post.body, Post.user_id).order_by(Post.id)).all())
print(session.execute(select(Tag.id, Tag.name).order_by(Tag.id)).all())
r = session.execute(insert(Tag), [{'name': 'solo'}])
r
print(r.all())
