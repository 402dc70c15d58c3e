# schema: library
# setup: library_rows
# passive_deletes=True (cascades.rst): deleting an author whose books are not loaded emits no SELECT for them; the database's ON DELETE CASCADE is trusted.
a = session.get(Author, 1)
session.delete(a)
session.flush()
print(inspect(a).deleted)
b = session.get(Author, 2)
books = b.books
session.delete(b)
session.flush()
print([inspect(x).deleted for x in books])
session.commit()
print(session.scalars(select(Author.name)).all())
