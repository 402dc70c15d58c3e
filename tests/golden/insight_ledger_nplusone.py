# schema: blog
# What the session did, from the causes of each statement: .ledger, .queries,
# .stats and the N+1 report (durations off: this transcript must not change).
.durations off
.ledger on
.echo off
session.add_all([User(name=n, addresses=[Address(email=n + "@x")]) for n in ["ed", "wendy", "mary"]])
session.commit()
users = session.scalars(select(User)).all()
for u in users:
    print(u.name, len(u.addresses))
.queries
# loaded alone: never an N+1
one = session.scalars(select(User).where(User.name == "ed")).one()
one.posts
# created in this session: nothing to load
new = User(name="sam")
new.addresses
# one statement again and again from one line: a loop
for i in [1, 2, 3]:
    session.execute(select(User.name).where(User.id == i)).scalar_one()
# the fix: one statement loads every collection
users = session.scalars(select(User).options(selectinload(User.addresses))).all()
[len(u.addresses) for u in users]
# many-to-one: each Address loads its User (the identity map is empty)
session.expunge_all()
for a in session.scalars(select(Address)).all():
    a.user.name
# a get() of an object the session has: no SQL
session.get(User, 1)
session.add(User(name="zoe"))
session.scalars(select(User).where(User.name == "zoe")).one()
.queries
.stats
