# schema: blog
# setup: blog_rows
# merge(): an object already in the identity map is updated in place without SQL; load=False takes a detached object's state as is (no SELECT); merging a pending object returns itself.
u = session.get(User, 1)
m = session.merge(User(id=1, name="ed", fullname="Merged"))
print(m is u, u.fullname, session.is_modified(u))
session.commit()
s2 = Session()
d = s2.get(User, 2)
s2.close()
d.fullname = "offline"
m2 = session.merge(d, load=False)
print(inspect(m2).persistent, m2.fullname, session.is_modified(m2))
p = User(name="pending")
session.add(p)
print(session.merge(p) is p)
session.rollback()
