# schema: blog
# .timeline: an object's life from the events as they passed, with the line,
# the cause and the SQL of each step; .timeline alone: one lane per name.
.echo off
u = User(name="ed", addresses=[Address(email="a@x")])
a = u.addresses[0]
session.add(u)
session.commit()
u.name
u.addresses
session.delete(a)
session.flush()
session.rollback()
session.get(User, 1)
session.refresh(u)
.timeline u
.timeline a
.timeline
.timeline nobody
