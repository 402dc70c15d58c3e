# schema: blog
# Failure paths: a flush that fails midway (the second INSERT) rolls the whole transaction back, the first row included; the session refuses work (PendingRollbackError) until rollback(); `with session.begin():` rolls back when its block raises.
session.add(User(name="ed"))
session.commit()
session.add(User(name="first"))
session.add(User(name="ed"))
session.flush()
session.execute(select(User))
session.rollback()
print(session.scalars(select(User.name).order_by(User.id)).all())
try:
    with session.begin():
        session.add(User(name="in block"))
        session.flush()
        raise KeyError("abort")
except KeyError:
    print("block aborted", session.in_transaction())
print(session.scalars(select(User.name).order_by(User.id)).all())
