# schema: blog
# The mapper and the table as objects (SQLAlchemy inspection API, orm/mapper.py, sql/schema.py):
# inspect(User).class_, .local_table, .columns (Column objects), .relationships by key, .primary_key,
# RelationshipProperty.direction/.secondary, Column.type, Table.columns iterated, ForeignKey.target_fullname.
m = inspect(User)
print(m.class_.__name__, m.local_table.name)
print([c.key for c in m.columns])
print(sorted(m.relationships.keys()))
print(m.primary_key[0].name)
print(m.relationships["addresses"].direction.name)
print(inspect(Address).relationships["user"].direction.name)
print(inspect(Post).relationships["tags"].secondary.name)
print(User.__table__.c.name.type, User.__tablename__)
print([c.name for c in Address.__table__.columns])
print(list(Address.__table__.foreign_keys)[0].target_fullname)
