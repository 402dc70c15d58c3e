# reflect: mysql/Chinook
# A walk through Chinook (a digital music store) on MariaDB or MySQL, mapped
# with --reflect the way sqlalchemy.ext.automap maps it. Chinook's MySQL
# script names tables and columns in PascalCase (Album.ArtistId,
# InvoiceLine), so the classes are Album, Artist, InvoiceLine …; each foreign
# key gives a many-to-one named after the referred class, lower-cased with no
# underscore added (Album.artist, Track.mediatype) and a one-to-many
# "<class>_collection" on the other side (Artist.album_collection,
# Invoice.invoiceline_collection); PlaylistTrack, which only links Playlist
# and Track, is no class but the many-to-many Playlist.track_collection /
# Track.playlist_collection. Mixed-case names are quoted in the SQL
# (`Album`.`ArtistId`), as SQLAlchemy quotes them.
#
#   scripts/load_samples.sh mysql          # loads the databases Chinook and sakila once
#   ormsh --reflect --no-create mysql://root@127.0.0.1/Chinook < scripts/walk_chinook_mysql.py
#
# The walk changes nothing: what it adds is rolled back at the end.

# From an artist to its albums (one lazy load per relationship, shown as such).
a = session.get(Artist, 1)
print(a.Name)
for al in a.album_collection:
    print("  album:", al.AlbumId, al.Title)

# From an album to its tracks, and a track's genre and media type (many-to-ones).
al = a.album_collection[0]
print(al.artist is a, len(al.track_collection), "tracks on", al.Title)
t = al.track_collection[0]
print(t.Name, "|", t.genre.Name, "|", t.mediatype.Name, "|", t.UnitPrice, "|", t.Milliseconds // 1000, "s")

# From a track to the invoice lines that sold it, each line's invoice and the
# customer who paid it. InvoiceDate is a DATETIME.
for line in t.invoiceline_collection[:3]:
    inv = line.invoice
    print("  invoice", inv.InvoiceId, inv.InvoiceDate, inv.customer.FirstName, inv.customer.LastName, line.UnitPrice, "x", line.Quantity)

# The customer's invoices (one-to-many), their total, and the support rep,
# an employee who reports to another (employee.employee, a self-reference).
cust = t.invoiceline_collection[0].invoice.customer
print(cust.Country, len(cust.invoice_collection), "invoices, total", sum(i.Total for i in cust.invoice_collection))
rep = cust.employee
print("support rep:", rep.FirstName, rep.LastName, "reports to", rep.employee.FirstName, rep.employee.LastName)
print("who has", len(rep.employee.employee_collection), "direct reports and", len(rep.employee.customer_collection), "customers")

# Many-to-many through PlaylistTrack.
print(sorted(p.Name for p in t.playlist_collection))

# The same path as one query with joins: the best-selling tracks of artist 1.
stmt = (
    select(Track.Name, func.sum(InvoiceLine.Quantity).label("sold"))
    .join(Album, Track.AlbumId == Album.AlbumId)
    .join(InvoiceLine, InvoiceLine.TrackId == Track.TrackId)
    .where(Album.ArtistId == a.ArtistId)
    .group_by(Track.Name)
    .order_by(desc("sold"), Track.Name)
    .limit(3)
)
for name, sold in session.execute(stmt):
    print(" ", name, sold)

# Relationship attributes in queries: any() and has().
print(session.scalars(select(Artist.Name).where(Artist.album_collection.any(Album.Title.like("%Rock%"))).order_by(Artist.Name).limit(3)).all())
print(session.scalar(select(func.count()).select_from(Album).where(Album.artist.has(Artist.Name == "Queen"))))

# A new album. This port declares AlbumId a plain INT, not AUTO_INCREMENT,
# so the key is given here; without it the server would refuse the row
# ("Field 'AlbumId' doesn't have a default value"). Flushed, then rolled
# back: the database is left as it was.
new = Album(AlbumId=10000, Title="Live at ormsh", artist=a)
session.add(new)
session.flush()
print(inspect(new).persistent, new in a.album_collection)
session.rollback()
print(inspect(new).transient, session.get(Album, 10000))
