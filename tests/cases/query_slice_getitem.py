# schema: blog
# setup: blog_rows
# Select.slice() and Query[a:b] / Query[n] as sql/util.py _make_slice and orm/util.py _getitem:
# LIMIT stop-start, OFFSET added to the current one, SQLite's OFFSET 0 beside a LIMIT, negative
# indexes refused with IndexError, an empty slice runs no SQL, a step applied to the fetched list.
print(session.query(User.name).order_by(User.id).slice(0,2).all())
print(session.query(User.name).order_by(User.id)[1:3])
print(session.scalars(select(User.name).order_by(User.id).slice(1, 3)).all())
print(session.scalars(select(User.name).order_by(User.id).offset(1).slice(1, 3)).all())
print(session.scalars(select(User.name).order_by(User.id).slice(2, None)).all())
print(session.query(User).order_by(User.id)[1])
print(session.query(User.name).order_by(User.id)[2:2])
print(session.query(User.name).order_by(User.id)[0:3:2])
try:
    session.query(User)[-1]
except IndexError as e:
    print("IndexError", e)
try:
    session.query(User)[5]
except IndexError as e:
    print("IndexError", e)
print(session.query(User.id).order_by(User.id)[1:])
