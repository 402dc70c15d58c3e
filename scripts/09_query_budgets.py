# schema: blog
# Query budgets: .expect turns "this page should take two queries" into a
# check. It counts what ran since the last `.expect reset`; a broken budget
# prints the statements it counted and makes the exit status 1, so a lesson
# or a CI job fails when an N+1 comes back. (Every budget below holds.)
.durations off
.echo off
.events off

session.add_all([User(name=n, addresses=[Address(email=n + "@x")]) for n in ["ed", "wendy", "mary"]])
session.commit()

# The N+1: 1 SELECT for the users, then 1 per user for its addresses.
.expect reset
users = session.scalars(select(User).order_by(User.id)).all()
for u in users:
    print(u.name, [a.email for a in u.addresses])
.expect lazy User.addresses == 3
.expect sql == 4

# The fix: selectinload. Two statements, whatever the number of users, and
# no N+1 report.
.expect reset
session.expire_all()
users = session.scalars(select(User).order_by(User.id).options(selectinload(User.addresses))).all()
for u in users:
    print(u.name, [a.email for a in u.addresses])
.expect sql <= 2
.expect lazy User.addresses == 0
.expect no-nplusone
