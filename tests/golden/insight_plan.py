# schema: blog
# .plan: what the next flush will do, in order, and why, computed from the
# session by the flush's own sort, without running or loading anything.
.echo off
.plan
u1 = User(name="ed")
a1 = Address(email="ed@x")
u1.addresses.append(a1)
p1 = Post(title="hello", author=u1)
t1 = Tag(name="news")
p1.tags.append(t1)
session.add(u1)
.plan
.echo on
session.commit()
.echo off
u1.addresses, p1.tags
u1.name = "eddie"
a2 = Address(email="e2@x")
u1.addresses.append(a2)
u1.addresses.remove(a1)
p1.tags.remove(t1)
.plan
.echo on
session.flush()
.echo off
u1.posts
session.delete(u1)
.plan
.echo on
session.flush()
session.rollback()
.echo off
session.expire_all()
session.delete(u1)
.plan
