# schema: blog
# setup: blog_rows
# Setting a many-to-one to None records History(added=[None]) and clears the foreign key at flush, also when the old value was never loaded (found by tests/fuzz/session_fuzz.py; SQLAlchemy's History.from_object_attribute and ManyToOneDP).
a = session.get(Address, 1)
a.user = None
inspect(a).attrs.user.history
session.flush()
print(a.user_id)
a2 = session.get(Address, 2)
a2.user
a2.user = None
inspect(a2).attrs.user.history
b = Address(email='x', user_id=2)
b.user = None
inspect(b).attrs.user.history
session.add(b)
session.flush()
print(b.user_id)
p = session.get(Post, 3)
p.author = None
session.commit()
print(session.execute(select(Address.id, Address.user_id).order_by(Address.id)).all())
print(session.scalar(select(Post.user_id).where(Post.id == 3)))
