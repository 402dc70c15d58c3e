# schema: blog
# setup: blog_rows
# SQL operators on columns: between, not_in, is_/is_not None, ilike, contains/endswith, ~, & and |, arithmetic, desc().
print(session.scalars(select(User.id).where(User.id.between(2, 3)).order_by(User.id)).all())
print(session.scalars(select(User.id).where(User.id.not_in([1, 3]))).all())
print(session.scalars(select(User.name).where(User.fullname.is_not(None)).order_by(User.name)).all())
print(session.scalars(select(User.name).where(User.fullname.ilike("%JONES"))).all())
print(session.scalars(select(Address.email).where(Address.email.contains("work"))).all())
print(session.scalars(select(Address.email).where(~Address.email.endswith(".com"))).all())
print(session.scalars(select(User.name).where((User.id > 1) & (User.id < 3) | (User.name == "ed")).order_by(User.id)).all())
print(session.scalars(select(User.id * 10 + 1).order_by(User.id.desc())).all())
print(session.scalars(select(User.name).where(User.name != None).order_by(desc(User.name)).limit(2)).all())
print(session.scalar(select(func.count()).select_from(User)))
print(session.scalars(select(func.lower(User.fullname)).order_by(User.id)).all())
