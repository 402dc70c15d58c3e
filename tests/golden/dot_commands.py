# schema: blog
# The dot-commands that look into the session, inside a script.
.tables
.schema User
u = User(name="ed", fullname="Ed Jones")
session.add(u)
.states
session.commit()
u.name
u.fullname = "Edward"
.states
.identity
.explain u
.history u
.echo off
session.flush()
.echo on
.sql SELECT name, fullname FROM users
.explain nosuch
.schema Nosuch
