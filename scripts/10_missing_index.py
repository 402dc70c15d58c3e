# schema: blog
# A missing index, found through the lazy load that needed it. With `.eqp on`
# every statement the session sends is followed by the database's plan,
# joined to the reason the statement ran. Here the lazy loads of
# User.addresses read the whole addresses table, once per user: nothing
# indexes addresses.user_id, the foreign key a lazy load filters on (SQLite
# and PostgreSQL do not index foreign keys by themselves; MariaDB does).
.durations off
.echo off
.events off

session.add_all([User(name=n, addresses=[Address(email=n + "@x")]) for n in ["ed", "wendy", "mary"]])
session.commit()

# From here on, each statement's plan (estimated: nothing runs twice, and the
# EXPLAIN is neither echoed nor counted).
.eqp on
users = session.scalars(select(User).order_by(User.id)).all()
for u in users:
    print(u.name, [a.email for a in u.addresses])

# Each lazy load says SCAN addresses (no index on addresses.user_id): a read
# of every address for each user. An index on the foreign key makes each
# lazy load a SEARCH (in a schema file: "index": true on the column).
.sql CREATE INDEX ix_addresses_user_id ON addresses (user_id)
session.expunge_all()
users = session.scalars(select(User).order_by(User.id)).all()
for u in users:
    print(u.name, [a.email for a in u.addresses])

# Cheaper statements, but still one per user: the N+1 report is still there.
# selectinload makes it one statement for all the users, and the index
# serves it too.
session.expunge_all()
users = session.scalars(select(User).order_by(User.id).options(selectinload(User.addresses))).all()
for u in users:
    print(u.name, [a.email for a in u.addresses])
.eqp off
