# schema: blog
# setup: blog_rows
# merge() autoflushes once at its start, then merges with autoflush off (Session.merge sets autoflush=False around _merge): the lazy loads made while merging do not flush the copies; merge_all() merges a list the same way.
u = User(id=7, name='fred', addresses=[Address(id=11, email='a1'), Address(id=12, email='a2')])
m = session.merge(u)
print(len(session.new), m in session.new)
session.flush()
d = session.get(User, 1)
session.expunge(d)
d.name = 'detached change'
session.commit()
m2 = session.merge(d)
print(m2.name, session.is_modified(m2))
r = session.merge_all([User(id=1, name='one'), User(id=30, name='thirty')])
print([(x.id, x.name) for x in r], [inspect(x).pending for x in r])
session.commit()
print(session.execute(select(User.id, User.name).order_by(User.id)).all())
print(session.execute(select(Address.id, Address.user_id).order_by(Address.id)).all())
