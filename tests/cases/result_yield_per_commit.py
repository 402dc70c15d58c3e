# schema: blog
# setup: blog_rows
# A yield_per loop that commits as it goes (batch work): on SQLite the rows keep
# coming after the commit returned the connection to the pool (pysqlite's cursor
# keeps its connection; the pool's reset ROLLBACK does not end a read). On
# PostgreSQL yield_per's stream_results is psycopg2's named cursor, which the COMMIT
# closed: the next fetch raises ProgrammingError "named cursor isn't valid anymore"
# (wrapped with no statement, plus the connection's autorollback event). On MariaDB
# it is PyMySQL's unbuffered SSCursor: the flush's UPDATE first reads and drops the
# rest of the result, and the loop ends quietly after the first chunk.
for i in range(25):
    session.add(Tag(name=f"t{i}"))
session.commit()
seen = 0
for t in session.scalars(select(Tag).order_by(Tag.id).execution_options(yield_per=10)):
    seen += 1
    if seen % 10 == 0:
        t.name = t.name + "!"
        session.commit()
print(seen)
print(session.scalars(select(Tag.name).where(Tag.name.like("%!")).order_by(Tag.id)).all())
