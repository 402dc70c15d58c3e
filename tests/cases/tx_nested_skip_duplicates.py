# schema: blog
# setup: blog_rows
# The begin_nested() pattern from session_transaction.rst: records that fail the unique constraint are skipped.
from sqlalchemy import exc
records = [User(name="new1"), User(name="ed"), User(name="new2")]
for record in records:
    try:
        with session.begin_nested():
            session.add(record)
    except exc.IntegrityError:
        print("Skipped record %s" % record.name)
session.commit()
print(session.scalars(select(User.name).order_by(User.id)).all())
print([inspect(r).persistent for r in records])
