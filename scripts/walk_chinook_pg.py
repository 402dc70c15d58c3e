# reflect: postgresql/chinook
# A walk through Chinook (a digital music store) on PostgreSQL, mapped with
# --reflect the way sqlalchemy.ext.automap maps it. Chinook's PostgreSQL
# script names everything in snake_case (album.artist_id, invoice_line), so
# the classes are album, artist, invoice_line …; each foreign key gives a
# many-to-one named after the referred class (album.artist,
# track.media_type) and a one-to-many "<class>_collection" on the other side
# (artist.album_collection, invoice.invoice_line_collection); playlist_track,
# which only links playlist and track, is no class but the many-to-many
# playlist.track_collection / track.playlist_collection.
#
#   scripts/load_samples.sh postgresql     # loads the databases chinook and pagila once
#   ormsh --reflect --no-create postgresql://postgres@127.0.0.1/chinook < scripts/walk_chinook_pg.py
#
# The walk changes nothing: what it adds is rolled back at the end.

# From an artist to its albums (one lazy load per relationship, shown as such).
a = session.get(artist, 1)
print(a.name)
for al in a.album_collection:
    print("  album:", al.album_id, al.title)

# From an album to its tracks, and a track's genre and media type (many-to-ones).
al = a.album_collection[0]
print(al.artist is a, len(al.track_collection), "tracks on", al.title)
t = al.track_collection[0]
print(t.name, "|", t.genre.name, "|", t.media_type.name, "|", t.unit_price, "|", t.milliseconds // 1000, "s")

# From a track to the invoice lines that sold it, each line's invoice and the
# customer who paid it. invoice_date is a timestamp without time zone.
for line in t.invoice_line_collection[:3]:
    inv = line.invoice
    print("  invoice", inv.invoice_id, inv.invoice_date, inv.customer.first_name, inv.customer.last_name, line.unit_price, "x", line.quantity)

# The customer's invoices (one-to-many), their total, and the support rep,
# an employee who reports to another (employee.employee, a self-reference).
cust = t.invoice_line_collection[0].invoice.customer
print(cust.country, len(cust.invoice_collection), "invoices, total", sum(i.total for i in cust.invoice_collection))
rep = cust.employee
print("support rep:", rep.first_name, rep.last_name, "reports to", rep.employee.first_name, rep.employee.last_name)
print("who has", len(rep.employee.employee_collection), "direct reports and", len(rep.employee.customer_collection), "customers")

# Many-to-many through playlist_track.
print(sorted(p.name for p in t.playlist_collection))

# The same path as one query with joins: the best-selling tracks of artist 1.
stmt = (
    select(track.name, func.sum(invoice_line.quantity).label("sold"))
    .join(album, track.album_id == album.album_id)
    .join(invoice_line, invoice_line.track_id == track.track_id)
    .where(album.artist_id == a.artist_id)
    .group_by(track.name)
    .order_by(desc("sold"), track.name)
    .limit(3)
)
for name, sold in session.execute(stmt):
    print(" ", name, sold)

# Relationship attributes in queries: any() and has().
print(session.scalars(select(artist.name).where(artist.album_collection.any(album.title.like("%Rock%"))).order_by(artist.name).limit(3)).all())
print(session.scalar(select(func.count()).select_from(album).where(album.artist.has(artist.name == "Queen"))))

# A new album. This port declares album_id a plain integer, with no sequence
# behind it, so the key is given here; without it PostgreSQL would refuse the
# row (NOT NULL). Flushed, then rolled back: the database is left as it was.
new = album(album_id=10000, title="Live at ormsh", artist=a)
session.add(new)
session.flush()
print(inspect(new).persistent, new in a.album_collection)
session.rollback()
print(inspect(new).transient, session.get(album, 10000))
