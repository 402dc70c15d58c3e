# schema: blog
# setup: blog_rows
# merge() in a session whose transaction failed: load=False needs no database, so it works (or says
# "transient" first) where SQLAlchemy does; load=True stops at its autoflush or load with
# PendingRollbackError. (fuzzer, seed 1038)
p = session.get(Post, 1)
session.expunge(p)
session.add(Tag(name='python'))
session.flush()
session.merge(Post(title='wendy'), load=False)
m = session.merge(p, load=False)
print(inspect(m).persistent, m.title, m is p)
session.merge(Post(id=2, title='x'))
session.rollback()
print(session.merge(Post(id=2, title='again')).title)
session.commit()
