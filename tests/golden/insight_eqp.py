# schema: blog
# .eqp on: each statement the session sends is followed by the database's
# estimated plan, joined to its cause; the EXPLAIN itself is not echoed, not
# counted (.stats) and begins no transaction.
.durations off
.eqp on
session.add_all([User(name=n, addresses=[Address(email=n + "@x")]) for n in ["ed", "wendy", "mary"]])
session.commit()
# the query, then one lazy load per user: no index on addresses.user_id
users = session.scalars(select(User).order_by(User.id)).all()
for u in users:
    print(u.name, [a.email for a in u.addresses])
# .whatif's replays are not explained (nor shown)
.whatif
# a join: one plan line per table
session.scalars(select(User).join(User.addresses).where(Address.email == "ed@x")).all()
# an autoflush's UPDATE by primary key, then the query
users[0].fullname = "Ed Jones"
session.scalars(select(User).where(User.name == "ed")).one()
# the commit's flush: DELETEs by primary key
session.delete(users[2])
session.commit()
# a statement that fails is not explained
session.execute(text("SELECT nosuch FROM users"))
session.rollback()
session.execute(select(func.count(Address.id))).scalar()
# with an index the lazy load searches instead of scanning
.sql CREATE INDEX ix_addresses_user_id ON addresses (user_id)
session.expire(users[0], ["addresses"])
users[0].addresses
.eqp off
session.scalars(select(User).where(User.id == 1)).one()
.eqp
.stats
