# schema: blog
# setup: blog_rows
# filter_by() finds its entity as Select._filter_by_zero: the last joined entity, else the first FROM, else the first column's entity (select(User.name, ...).filter_by(name=...)); join_from(left, right); since 2.1 every FROM entity is searched, a key in two is AmbiguousColumnError, in none InvalidRequestError; selected_columns; a subquery's str() and .c.keys(); with_only_columns / add_columns. SQLAlchemy sql/selectable.py.
stmt = select(User.name, User.fullname).filter_by(name="mary")
print(stmt)
print(session.execute(stmt).one())
print(session.query(User.name, User.fullname).filter_by(name="ed").one())
print(select(User).join(User.addresses).filter_by(name="ed", email="ed@example.com"))
print(session.scalars(select(User).join(User.addresses).filter_by(name="ed", email="ed@example.com")).all())
try:
    select(User).join(User.addresses).filter_by(id=1)
except Exception as e:
    print(type(e).__name__)
try:
    select(User).filter_by(nope=1)
except Exception as e:
    print(type(e).__name__)
print(select(User.name).select_from(Address).filter_by(email="x"))
print(select(User.name, Address.email).join_from(User, Address).order_by(Address.id))
print(session.execute(select(User.name, Address.email).join_from(User, Address).order_by(Address.id)).all())
print(select(User.name).join_from(User, Address, User.id == Address.user_id).filter_by(email="ed@example.com"))
stmt = select(User).where(User.id == 1)
print(stmt.selected_columns.keys())
print(stmt.with_only_columns(User.name))
print(session.execute(stmt.with_only_columns(User.name, User.fullname)).one())
print(session.execute(select(User.name).add_columns(User.fullname).order_by(User.id)).first())
subq = select(func.count(Address.id).label("count"), Address.user_id).group_by(Address.user_id).subquery()
print(subq)
print(subq.c.keys())
print(select(User.id, User.name).order_by(User.id).subquery().c.keys())
print(list(User.__table__.c.keys()))
