# schema: blog
# setup: blog_rows
# Session.info (orm/session.py: a dict made on first use; Session(info=) updates it;
# sessionmaker(info=) is copied into each session it makes and merged with the call's),
# Session.identity_key(class_, ident) / (instance=) as (class, pk tuple, None), usable with
# identity_map, and insert(...).values([dict, dict]): one multi-VALUES INSERT on the first row's
# columns (a later row's extra keys are not used), str() naming parameters name_m0, name_m1.
print(session.info)
session.info["k"] = 1
print(session.info, session.info is session.info)
S2 = sessionmaker(bind=engine, info={"app": "x"})
s2 = S2(info={"req": 7})
print(s2.info)
s3 = S2()
s3.info["more"] = True
print(s3.info, S2().info)
s4 = Session(info={"a": 1})
print(s4.info)
print(session.identity_key(User, 1))
print(session.identity_key(User, (2,)))
u = session.get(User, 3)
print(session.identity_key(instance=u))
print(session.identity_key(User, 1) in session.identity_map)
print(session.identity_key(User, 3) in session.identity_map)
r = session.execute(insert(User).values([{"name": "a1"}, {"name": "a2", "fullname": "A 2"}]))
print(r.rowcount)
print(session.execute(select(User.name, User.fullname).where(User.name.startswith("a")).order_by(User.name)).all())
_ = session.execute(insert(Tag).values([dict(name="t1"), dict(name="t2")]))
print(session.scalars(select(Tag.name).order_by(Tag.id)).all())
print(insert(User).values([{"name": "x"}, {"name": "y"}]))
