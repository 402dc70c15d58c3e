# schema: blog
# setup: blog_rows
# Relationship comparators (orm/relationships.py Comparator): many-to-one == obj (? = fk), != obj
# (fk != ? OR fk IS NULL), == None / != None (IS NULL, IS NOT NULL); collections == None as NOT EXISTS,
# contains() one-to-many (pk = ?) and many-to-many (through an anonymous alias of the secondary,
# negated as NOT EXISTS), on an aliased parent; any() over many-to-many FROM target, secondary;
# a collection compared with an object, contains() on a reference, is_(): refused as SQLAlchemy does;
# a transient object without its key raises StatementError.
print(session.scalars(select(User.name).where(User.addresses == None).order_by(User.id)).all())
print(session.scalars(select(User.name).where(User.addresses != None).order_by(User.id)).all())
print(session.scalars(select(Address.email).where(Address.user == None)).all())
u = session.get(User, 2)
try:
    select(User).where(User.addresses == u)
except Exception as e:
    print(type(e).__name__, e)
ua = aliased(User)
a = session.get(Address, 3)
print(session.execute(select(ua.name).where(ua.addresses.contains(a))).all())
session.commit()
print(session.scalars(select(Address.email).where(Address.user == u)).all())
print(session.query(Post.title).filter(Post.author == u).all())
stmt = select(Post.title).where(Post.author != u, Post.id > 0).order_by(Post.id)
print(session.scalars(stmt).all())
try:
    Address.user.contains(u)
except Exception as e:
    print(type(e).__name__, e)
t = session.get(Tag, 3)
print(session.scalars(select(Post.id).where(~Post.tags.contains(t)).order_by(Post.id)).all())
print(session.scalars(select(Tag.name).where(Tag.posts == None)).all())
print(session.scalars(select(Post.id).where(Post.tags.any(Tag.name == "sql"))).all())
print(session.scalars(select(Tag.id).where(Tag.posts.any()).order_by(Tag.id)).all())
a = session.get(Address, 1)
print(session.scalars(select(User.name).where(User.addresses.contains(a))).all())
t = session.get(Tag, 1)
print(session.scalars(select(Post.title).where(Post.tags.contains(t)).order_by(Post.id)).all())
print(session.scalars(select(User.name).where(~User.addresses.contains(a)).order_by(User.id)).all())
na = Address(email="zz")
print(session.scalars(select(User.name).where(User.addresses.contains(na))).all())
