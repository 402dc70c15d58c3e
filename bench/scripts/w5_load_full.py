# W5 load_full: every row loaded as a Customer object (one statement).
.timer on
objs = session.scalars(select(Customer)).all()
.timer off
print("check", len(objs))
