# schema: blog
# setup: blog_rows
# scoped_session proxies one session; sessionmaker.configure changes later sessions; Session.begin() as a context manager commits.
Scoped = scoped_session(Session)
Scoped.add(User(name="scoped"))
print(Scoped() is Scoped(), Scoped.in_transaction())
Scoped.commit()
Scoped.remove()
print(Scoped.scalar(select(func.count(User.id))))
F = sessionmaker(bind=engine)
F.configure(expire_on_commit=False)
s = F()
u = s.get(User, 1)
s.commit()
print(sorted(inspect(u).expired_attributes))
with F.begin() as s3:
    kept = User(name="from begin")
    s3.add(kept)
print(session.scalars(select(User.name).order_by(User.id)).all())
