# schema: blog
# setup: blog_rows
# Result shapes: rows, scalars, mappings, first/one/one_or_none/scalar_one on multi-column and entity selects, fetchone/fetchmany, keys.
r = session.execute(select(User.id, User.name).order_by(User.id))
print(r.keys())
print(r.fetchone(), r.fetchmany(1), r.all())
print(session.execute(select(User).order_by(User.id)).first())
print(session.execute(select(User.name).where(User.id == 2)).scalar_one())
print(session.execute(select(User.name).where(User.id == 9)).scalar_one_or_none())
print(session.execute(select(User.id, User.fullname).where(User.id < 3).order_by(User.id)).mappings().first())
print(session.scalars(select(User.id).order_by(User.id.desc())).all())
print([row.name for row in session.execute(select(User.name).order_by(User.name))])
print(session.execute(select(func.max(User.id), func.min(User.id))).one())
print(session.execute(select(User.name, Address.email).join(Address).order_by(Address.id)).all())
session.execute(select(User)).one()
