# schema: blog
session.add(User(name="ed", addresses=[Address(email="a@x"), Address(email="b@x")], posts=[Post(title="p")]))
session.commit()
session.close()
u = session.get(User, 1)
session.delete(u)
session.commit()
print(session.execute(select(func.count(Address.id))).scalar(), session.execute(select(Post.id, Post.user_id)).all())
