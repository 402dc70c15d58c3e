# schema: blog
# .why (and .explain without a name): the last error in plain words, the
# earlier line that set it up, what to do, and SQLAlchemy's page.
.echo off
.events off
.why
u = User(name="ed", addresses=[Address(email="a")])
session.add(u)
session.commit()
session.close()
u.addresses
.why
session.add(User(name="ed"))
session.flush()
.why
session.get(User, 1)
.explain
session.rollback()
x = session.get(User, 1)
.sql DELETE FROM addresses
.sql DELETE FROM users
session.commit()
x.name
.why
session.rollback()
session.add(User(name="mary"))
session.add(User(name="mary"))
session.scalars(select(User)).all()
.why
session.rollback()
y = User(name="wendy")
session.add(y)
session.commit()
y.name
session.execute(text("DELETE FROM users WHERE name = 'wendy'"))
y.name = "w3"
session.flush()
.why
session.rollback()
s2 = sessionmaker(bind=engine)()
z = User(name="zed")
session.add(z)
s2.add(z)
.why
