# schema: blog
# .why for errors met at a terminal: a second Session on sqlite:// while the
# first holds the one shared connection's transaction; a table or column that
# does not exist (raw SQL).
.echo off
.events off
session.add(User(name="ed"))
session.flush()
with Session() as s:
    s.scalars(select(User)).all()

.why
session.rollback()
.sql SELECT * FROM user
.why
session.execute(text("SELECT nmae FROM users")).all()
.why
