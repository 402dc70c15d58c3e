# schema: blog
# text() with named parameters through session.execute and session.scalars; rows are tuples
# with attribute access; mappings(); a text() UPDATE's rowcount.
session.add_all([User(name="ed", fullname="Ed"), User(name="wendy", fullname="Wendy"), User(name="jack")])
session.commit()
rows = session.execute(text("SELECT id, name FROM users WHERE id > :low ORDER BY id"), {"low": 1}).all()
rows
rows[0].name
rows[1][0]
session.scalars(text("SELECT name FROM users ORDER BY name DESC")).all()
session.execute(text("SELECT name, fullname FROM users WHERE name = :n"), {"n": "ed"}).mappings().one()
r = session.execute(text("UPDATE users SET fullname = :f WHERE fullname IS NULL"), {"f": "Jack"})
r.rowcount
session.execute(text("SELECT count(*) FROM users WHERE fullname IS NOT NULL")).scalar()
session.execute(text("SELECT * FROM nosuch"))
session.rollback()
