# schema: blog
# .expect: query budgets counted since the last .expect reset; a broken one
# shows the statements and makes the exit status 1.
.echo off
.events off
.durations off
session.add_all([User(name=n, addresses=[Address(email=n + "@x")]) for n in ["ed", "wendy", "mary"]])
session.commit()
.expect reset
users = session.scalars(select(User).order_by(User.id)).all()
for u in users:
    print(u.name, [a.email for a in u.addresses])
.expect sql <= 2
.expect lazy User.addresses == 0
.expect no-nplusone
.expect reset
users = session.scalars(select(User).options(selectinload(User.addresses)).order_by(User.id)).all()
for u in users:
    print(u.name, [a.email for a in u.addresses])
.expect sql <= 2
.expect lazy User.addresses == 0
.expect no-nplusone
.expect sql < two
