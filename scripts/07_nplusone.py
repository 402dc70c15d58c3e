# schema: blog
# The N+1 problem: one query for the parents, then one more per parent.
#
# Watch: .ledger counts each entry's SQL by cause; the loop below lazy-loads
# User.addresses once per user, and ormsh reports it (a "potential N+1", with
# the statement that loaded the users, the line that triggered the loads and
# the fix). .queries groups the entry's statements: "similar" is the same SQL
# with other parameters, "duplicate" the same SQL with the same parameters.
# .stats sums the session up. Durations are off so this transcript never
# changes; at the prompt leave them on.
.durations off
.ledger on
.echo off

session.add_all([
    User(name="ed", addresses=[Address(email="ed@x"), Address(email="ed@y")]),
    User(name="wendy", addresses=[Address(email="wendy@x")]),
    User(name="mary"),
])
session.commit()

# One SELECT for the users ...
users = session.scalars(select(User).order_by(User.id)).all()
# ... and one more for each user's addresses: 1 + N statements.
for u in users:
    print(u.name, [a.email for a in u.addresses])
.queries
# .whatif checks the fix before you edit anything: it runs those lines again
# in a fresh Session inside a rolled-back transaction, as written and with the
# suggested option, counts the SQL of each, and leaves this session as it was.
.whatif

# The fix the report suggests: selectinload loads every collection in one
# more statement, whatever the number of users.
session.expire_all()
users = session.scalars(select(User).order_by(User.id).options(selectinload(User.addresses))).all()
for u in users:
    print(u.name, [a.email for a in u.addresses])
.queries

# Not an N+1: a user loaded alone has no siblings to load together.
ed = session.scalars(select(User).where(User.name == "ed")).one()
session.expire(ed)
print(len(ed.addresses))

# Many-to-one works the same way; the fix is joinedload (one JOIN).
session.expunge_all()
for a in session.scalars(select(Address).order_by(Address.id)).all():
    print(a.email, a.user.name)

session.expunge_all()
for a in session.scalars(select(Address).order_by(Address.id).options(joinedload(Address.user))).all():
    print(a.email, a.user.name)

# The whole session: statements by cause, flushes, loads, transactions.
.stats
