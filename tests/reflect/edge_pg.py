# --reflect on tests/reflect/edge_pg.sql (tests/reflect_servers.rs). What it
# prints is what SQLAlchemy 2.1.9 prints for it (scripts/tools/sa_walk.py).
# Mixed-case names are quoted ("Artist"."ArtistId"), reserved words too ("order"."user").
a = session.get(Artist, 1)
print(a.Name, a.Mood, [al.Title for al in a.album_collection])
# a domain over integer, text[], jsonb, tsvector, interval, numeric, a generated column, uuid
al = a.album_collection[0]
print(al.Year, al.tags, al.doc, al.fts, al.Length, al.price, al.title_upper, al.uid)
# a serial key and the server defaults come back with RETURNING
n = Artist(Name="New")
session.add(n)
session.flush()
print(n.ArtistId, n.Mood)
# an identity key; a list for the array column; the generated column fetched
b = Album(Title="x", artist=n, tags=["a", "b c"], Length="1 day 2 hours")
session.add(b)
session.flush()
print(b.AlbumId, b.title_upper, b.price, b.tags)
session.expire(b)
print(b.title_upper, b.tags, b.Length, b.Year)
# a composite primary key, and a composite foreign key to it
o = session.get(order, (1, 2))
print(o.note, [x.qty for x in o.line_collection])
o.note = "changed"
li = line(order=o, qty=2.5)
session.add(li)
session.flush()
print(li.order_user, li.order_select, li.id)
# ON DELETE CASCADE (passive_deletes): the loaded album is deleted by the ORM first
session.delete(a)
session.flush()
print(session.scalar(select(func.count()).select_from(Album)))
session.rollback()
print(session.scalars(select(Artist.Name).order_by(Artist.ArtistId)).all())
print(session.scalars(select(Album.Title).where(Album.Year > 1900)).all())
# the view and the table without a primary key are not mapped
for name in ("ArtistView", "nopk"):
    try:
        eval(name)
    except NameError:
        print(name, "is not mapped")
