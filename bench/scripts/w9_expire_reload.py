# W9 expire_reload: load GETS objects, expire_all, touch .name on each (one SELECT each).
.timer on
objs = session.scalars(select(Customer).limit(GETS)).all()
session.expire_all()
for o in objs:
    o.name
.timer off
print("check", len([o for o in objs if not inspect(o).unloaded]))
