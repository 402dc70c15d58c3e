# --reflect on tests/reflect/edge_mysql.sql (tests/reflect_servers.rs). What it
# prints is what SQLAlchemy 2.1.9 prints for it (scripts/tools/sa_walk.py).
# Mixed-case names and reserved words are quoted (`Artist`.`ArtistId`, `order`.`select`).
a = session.get(Artist, 1)
print(a.Name, a.Mood, a.Active, [al.Title for al in a.album_collection])
# YEAR, JSON (a LONGTEXT on MariaDB), BIT, DECIMAL, a generated column, LONGBLOB, DOUBLE (a Decimal), FLOAT
al = a.album_collection[0]
print(al.Year, al.doc, al.bits, al.price, al.title_upper, al.blobby, al.ratio, al.small)
# AUTO_INCREMENT keys; MariaDB returns the server defaults with RETURNING
n = Artist(Name="New")
session.add(n)
session.flush()
print(n.ArtistId, n.Mood, n.Active)
b = Album(Title="x", artist=n, doc="[1]", bits=3)
session.add(b)
session.flush()
print(b.AlbumId, b.title_upper, b.price, b.doc)
session.expire(b)
print(b.title_upper, b.doc, b.Year, b.bits)
# a composite primary key, and a composite foreign key to it
o = session.get(order, (1, 2))
print(o.key, [x.qty for x in o.line_collection])
o.key = "changed"
li = line(order=o, qty=2.5)
session.add(li)
session.flush()
print(li.order_user, li.order_select, li.id)
session.delete(a)
session.flush()
print(session.scalar(select(func.count()).select_from(Album)))
session.rollback()
print(session.scalars(select(Artist.Name).order_by(Artist.ArtistId)).all())
print(session.scalars(select(Album.Title).where(Album.Year > 1900)).all())
for name in ("ArtistView", "nopk"):
    try:
        eval(name)
    except NameError:
        print(name, "is not mapped")
