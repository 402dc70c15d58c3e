# schema: server_defaults
# An object with no value to send: `INSERT INTO tickets DEFAULT VALUES`, and on
# MySQL/MariaDB (no DEFAULT VALUES there) `INSERT INTO tickets () VALUES ()`;
# the key and the server default come back (RETURNING or lastrowid + load).
t = Ticket()
session.add(t)
session.flush()
print(t.id, t.status)
u = Ticket()
session.add(u)
session.commit()
print(u.id, u.status)
v = Ticket(status="open")
session.add(v)
session.commit()
print(session.scalars(select(Ticket.status).order_by(Ticket.id)).all())
