# schema: blog
# inspect() of a mapped class (orm/mapper.py Mapper): columns / c and primary_key as table columns, attrs / column_attrs / relationships as ReadOnlyProperties (keys, values, items, [name], .name, in, len), a relationship's direction (RelationshipDirection enum), mapper, uselist, back_populates, secondary, target; get_property(); sessionmaker.kw / Session attributes autobegin, twophase; vars(obj).
m = inspect(User)
print(m.class_ is User, list(m.columns.keys()), m.c.name.name)
print([c.name for c in m.primary_key], len(m.attrs), "posts" in m.relationships)
print(m.relationships.keys(), [p.key for p in m.column_attrs])
rel = m.relationships["addresses"]
print(rel.direction.name, rel.direction.value, rel.mapper.class_ is Address, rel.uselist, rel.back_populates)
print(inspect(Post).relationships.tags.direction.name, inspect(Post).relationships.tags.secondary.name, rel.target.name)
print(inspect(Address).relationships.user.direction.name, inspect(Address).relationships.user.uselist)
print(sorted(m.attrs.keys()), [k for k, v in m.relationships.items()])
print(m.get_property("name").key, m.local_table.name, [t.name for t in m.tables], m.persist_selectable.name)
try:
    m.get_property("nope")
except Exception as e:
    print(type(e).__name__)
print(session.autobegin, session.twophase, sorted(Session.kw.keys()))
u = User(name="v")
print(sorted(k for k in vars(u) if not k.startswith("_")), inspect(u).identity_token, inspect(u).attrs.name.state.transient)
