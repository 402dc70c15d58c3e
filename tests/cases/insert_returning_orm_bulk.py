# schema: blog
# setup: blog_rows
# ORM bulk INSERT with RETURNING (persistence._emit_insert_statements with use_orm_insert_stmt): insert(User).returning(columns) with a list of dicts returns the rows; session.scalars(insert(User).returning(User), [...]) makes each returned row a persistent object of the identity map (get() finds it without SQL).
r = session.execute(insert(User).returning(User.id, User.name), [{"name": "a1"}, {"name": "a2", "fullname": "A2"}])
print(r.all())
objs = session.scalars(insert(User).returning(User), [{"name": "b1"}, {"name": "b2"}]).all()
print(objs, [inspect(o).persistent for o in objs], [o.name for o in objs])
print(session.get(User, objs[0].id) is objs[0], objs[1] in session)
print(session.execute(insert(User).returning(User, User.name), [{"name": "c1"}]).all())
print(session.execute(insert(Address).returning(Address.email), [{"email": "x@y", "user_id": 1}]).scalars().all())
session.commit()
print(session.execute(select(User.id, User.name).order_by(User.id)).all())
