# schema: blog
# setup: blog_rows
# Mapper inspection in depth: str(mapper), get_property(), .attrs in declarative order (relationships
# first), ColumnProperty/RelationshipProperty keys, direction enum, InstrumentedAttribute comparator
# attributes (User.name.type, .nullable), Table.select()/insert()/update()/delete(), `in` on columns.
m = inspect(User)
print(str(m), m.entity is User, m.get_property("name").key)
print([p.key for p in m.attrs])
print([p.key for p in m.column_attrs], [r.key for r in m.relationships])
r = m.relationships.addresses
print(r.direction, r.direction.name, r.mapper.class_.__name__, r.uselist, r.back_populates)
print(r.target.name, r.secondary, r.lazy, str(r))
print(inspect(Post).relationships["author"].uselist, inspect(Post).relationships.tags.direction.name)
print("name" in m.columns, "nope" in m.columns, len(m.columns), m.columns.keys())
print(User.name.type, repr(User.name.type), User.id.primary_key, User.name.nullable, User.fullname.nullable)
print(User.__table__.c.name.type, Address.__table__.c.user_id.nullable, Post.__table__.c.body.type)
t = Address.__table__
print(t.name, [c.name for c in t.c], len(t.c), t.c.keys(), "email" in t.c)
print([c.name for c in t.primary_key])
print(session.execute(t.select().where(t.c.user_id == 1).order_by(t.c.id)).all())
print(session.execute(User.__table__.select().order_by(User.__table__.c.name.desc())).first())
session.execute(Tag.__table__.insert().values(name="t9"))
session.execute(Tag.__table__.update().where(Tag.__table__.c.name == "t9").values(name="t10"))
print(session.scalars(select(Tag.name).order_by(Tag.id)).all())
session.execute(Tag.__table__.delete().where(Tag.__table__.c.name == "t10"))
print(session.scalar(select(func.count(Tag.id))))
print(inspect(Address).get_property("user").mapper is inspect(User))
