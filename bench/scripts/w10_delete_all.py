# W10 delete_all: load every object, session.delete each, one commit.
.timer on
objs = session.scalars(select(Customer)).all()
for o in objs:
    session.delete(o)
session.commit()
.timer off
print("check", session.scalar(select(func.count(Customer.id))))
