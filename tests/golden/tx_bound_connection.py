# schema: blog
# A Session bound to a Connection with an open transaction joins it: its commit() does not commit, and the outer rollback() undoes everything, so no row is left.
conn = engine.connect()
outer = conn.begin()
s = Session(bind=conn)
s.add(User(name="joined"))
s.commit()
print(s.scalar(select(func.count(User.id))), conn.in_transaction())
s.close()
outer.rollback()
conn.close()
print(session.scalar(select(func.count(User.id))))
