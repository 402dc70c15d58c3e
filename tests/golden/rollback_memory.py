# schema: solo
# rollback() puts memory back: new objects become transient, deleted ones persistent again,
# changed attributes are expired and reload the database's values.
session.add_all([User(name="ed", fullname="Ed"), User(name="wendy", fullname="Wendy")])
session.commit()
ed = session.get(User, 1)
wendy = session.get(User, 2)
ed.fullname = "Edward"
jack = User(name="jack")
session.add(jack)
session.delete(wendy)
session.flush()
print(inspect(jack).persistent, inspect(wendy).deleted)
session.rollback()
print(inspect(jack).transient, inspect(wendy).persistent, sorted(inspect(ed).expired_attributes))
ed.fullname
session.scalars(select(User.name).order_by(User.id)).all()
unflushed = session.get(User, 2)
session.delete(unflushed)
session.rollback()
inspect(unflushed).persistent
