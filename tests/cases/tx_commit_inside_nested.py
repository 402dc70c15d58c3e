# schema: blog
# session.commit() while a savepoint is open commits the savepoint and the outer transaction; begin() inside begin() raises.
session.begin()
session.add(User(name="a"))
session.begin_nested()
session.add(User(name="b"))
session.commit()
print(session.in_transaction(), session.in_nested_transaction())
print(session.scalars(select(User.name).order_by(User.id)).all())
session.begin()
session.begin()
session.rollback()
print(session.in_transaction())
