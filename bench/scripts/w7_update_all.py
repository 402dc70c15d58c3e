# W7 update_all: load every object, change description on each, one commit.
.timer on
objs = session.scalars(select(Customer)).all()
for o in objs:
    o.description = o.description + " updated"
session.commit()
.timer off
print("check", session.scalar(select(func.count(Customer.id)).where(Customer.description.like("% updated"))))
