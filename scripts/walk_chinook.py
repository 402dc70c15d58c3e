# reflect: chinook/Chinook_Sqlite.sqlite
# A walk through Chinook (a digital music store) mapped with --reflect, the
# way sqlalchemy.ext.automap maps it: each table is a class named like the
# table, each foreign key gives a many-to-one named after the referred class
# (Album.artist) and a one-to-many "<class>_collection" on the other side
# (Artist.album_collection), and PlaylistTrack, which only links Playlist and
# Track, becomes the many-to-many Playlist.track_collection / Track.playlist_collection.
#
#   ormsh --reflect --no-create sqlite:///Chinook_Sqlite.sqlite < scripts/walk_chinook.py
#
# Work on a copy of the database: the script ends with a rollback, but a
# script that commits would change the file.

# From an artist to its albums (one lazy load per relationship, shown as such).
artist = session.get(Artist, 1)
print(artist.Name)
for album in artist.album_collection:
    print("  album:", album.AlbumId, album.Title)

# From an album to its tracks, and each track's genre and media type (many-to-one).
album = artist.album_collection[0]
print(album.artist is artist)
tracks = album.track_collection
print(len(tracks), "tracks on", album.Title)
track = tracks[0]
print(track.Name, "|", track.genre.Name, "|", track.mediatype.Name, "|", track.UnitPrice)

# From a track to the invoice lines that sold it, to the invoice and the customer.
for line in track.invoiceline_collection[:3]:
    inv = line.invoice
    print("  sold on invoice", inv.InvoiceId, inv.InvoiceDate, "to", inv.customer.FirstName, inv.customer.LastName, "for", line.UnitPrice)

# The customer's support rep, and whom that employee reports to (self-reference).
customer = track.invoiceline_collection[0].invoice.customer
rep = customer.employee
print("support rep:", rep.FirstName, rep.LastName, "reports to", rep.employee.FirstName, rep.employee.LastName)
print("the boss has", len(rep.employee.employee_collection), "direct reports")
print(rep.employee.employee is None or rep.employee.employee.Title)

# Many-to-many through PlaylistTrack.
print(sorted(p.Name for p in track.playlist_collection))
playlist = session.get(Playlist, 16)
print(playlist.Name, len(playlist.track_collection), sorted(t.Name for t in playlist.track_collection)[:3])

# A query walking the same path with joins: best-selling tracks of artist 1.
stmt = (
    select(Track.Name, func.sum(InvoiceLine.Quantity).label("sold"))
    .join(Album, Track.AlbumId == Album.AlbumId)
    .join(InvoiceLine, InvoiceLine.TrackId == Track.TrackId)
    .where(Album.ArtistId == 1)
    .group_by(Track.Name)
    .order_by(func.sum(InvoiceLine.Quantity).desc(), Track.Name)
    .limit(3)
)
for name, sold in session.execute(stmt):
    print(" ", name, sold)

# Relationship attributes in queries: any() and has().
print(session.scalars(select(Artist.Name).where(Artist.album_collection.any(Album.Title.like("%Rock%"))).order_by(Artist.Name).limit(3)).all())
print(session.scalar(select(func.count()).select_from(Album).where(Album.artist.has(Artist.Name == "Queen"))))

# A new album for the artist, set through its foreign-key column, flushed and
# then rolled back: the file is left as it was.
new = Album(Title="Live at ormsh", ArtistId=artist.ArtistId)
session.add(new)
print(inspect(new).pending)
session.flush()
print(new.AlbumId, inspect(new).persistent)
session.rollback()
print(inspect(new).transient)
