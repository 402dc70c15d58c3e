# schema: blog
# .whatif: the last N+1 report's code replayed with its fix in a fresh Session,
# rolled back; the session is left as it was.
.durations off
.echo off
session.add_all([User(name=n, addresses=[Address(email=n + "@x"), Address(email=n + "@y")]) for n in ["ed", "wendy", "mary"]])
session.commit()
users = session.scalars(select(User).order_by(User.id)).all()
for u in users:
    print(u.name, [a.email for a in u.addresses])
.whatif
.states
.stats
# code that writes is not replayed
session.expunge_all()
for u in session.scalars(select(User)).all():
    u.fullname = u.name + "!"
    len(u.addresses)
session.flush()
.whatif
