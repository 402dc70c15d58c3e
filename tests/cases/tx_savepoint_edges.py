# schema: blog
# Savepoints: a rollback of the middle level keeps the outer work; a failed flush inside a savepoint rolls back only that savepoint; the outer transaction then commits, and nothing from the failed levels is in the table.
session.add_all([User(name="ed"), User(name="wendy")])
session.commit()
session.add(User(name="outer"))
sp1 = session.begin_nested()
session.add(User(name="middle"))
sp2 = session.begin_nested()
session.add(User(name="inner"))
session.flush()
sp1.rollback()
print(session.in_nested_transaction(), [u.name for u in session.scalars(select(User).order_by(User.id))])
sp = session.begin_nested()
session.add(User(name="ed"))
try:
    session.flush()
except IntegrityError as e:
    print("failed:", type(e).__name__, session.is_active)
sp.rollback()
print(session.is_active)
session.commit()
print(session.scalars(select(User.name).order_by(User.id)).all())
