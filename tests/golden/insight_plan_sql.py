# schema: blog
# .plan-sql STMT: the database's plan of a select(…), estimated; not echoed,
# not counted.
.durations off
session.add_all([User(name=n, addresses=[Address(email=n + "@x")]) for n in ["ed", "wendy"]])
session.commit()
.plan-sql select(User).where(User.name == "ed")
.plan-sql select(Address).where(Address.user_id == 1)
.plan-sql select(User).join(User.addresses).where(Address.email == "ed@x")
.plan-sql 1 + 1
.stats
