# schema: blog
# setup: blog_rows
# The legacy bulk methods (Session.bulk_save_objects / bulk_insert_mappings / bulk_update_mappings, orm/session.py _bulk_save_mappings and orm/bulk_persistence.py): no autoflush, None values left out of the INSERT, rows grouped by mapper and insert/update in order, objects not added to the session, UPDATE by primary key without touching the identity map.
session.add(User(name="pending"))
session.bulk_save_objects([User(name="b1"), Tag(name="t1"), User(name="b2", fullname=None)])
print(len(session.new))
session.bulk_insert_mappings(User, [{"name": "m1", "fullname": "M One"}, {"name": "m2"}, {"name": "m3", "fullname": None}])
u = session.get(User, 1)
u.fullname = "changed"
w = session.get(User, 2)
session.bulk_save_objects([u, w])
session.bulk_update_mappings(User, [{"id": 2, "fullname": "W Two"}, {"id": 3, "name": "mary2"}])
print(w.fullname, u in session.dirty)
session.bulk_update_mappings(Tag, [{"id": 1, "name": "py"}])
session.commit()
print(session.execute(select(User.id, User.name, User.fullname).order_by(User.id)).all())
print(session.scalars(select(Tag.name).order_by(Tag.id)).all())
t = Tag(name="t2")
session.bulk_save_objects([t])
print(inspect(t).transient)
