# schema: blog
# One object per row per session: get() twice sends one SELECT; queries return the same object;
# a new session has its own map; expunge() takes the object out of the map.
session.add_all([User(name="ed"), User(name="wendy")])
session.commit()
a = session.get(User, 1)
b = session.get(User, 1)
a is b
c = session.scalars(select(User).order_by(User.id)).first()
c is a
len(session.identity_map)
inspect(a).key
s2 = Session()
d = s2.get(User, 1)
d is a
s2.close()
session.expunge(a)
len(session.identity_map)
e = session.get(User, 1)
e is a
session.get(User, 99) is None
session.get(User, 99) is None
