# schema: blog
# setup: blog_rows
# A None in a relationship collection: SQLAlchemy's InstrumentedList accepts it (the backref and
# save-update cascade listeners skip None: attributes.py emit_backref_from_collection_append_event,
# unitofwork.py _track_cascade_events), the history shows it, and the flush refuses it in the
# relationship's process step (dependency.py _verify_canload: "Can't flush None value found in
# collection ..."), after the parent's own INSERT; merge() of such an object fails on the None.
# (fuzzer signature construct|out|-/AttributeError, seeds 1017, 6006)
missing = session.get(Address, 99)
u = User(name='n1', addresses=[missing])
print(u.addresses, len(u.addresses), bool(u.addresses))
inspect(u).attrs.addresses.history
a = session.get(Address, 1)
u.addresses.append(a)
u.addresses.append(None)
print(u.addresses, u.addresses.count(None), None in u.addresses)
inspect(u).attrs.addresses.history
u.addresses.remove(None)
print(u.addresses)
u.addresses.remove(a)
print(u.addresses, a.user)
session.add(u)
try:
    session.flush()
except Exception as e:
    print(type(e).__name__, e)
print(inspect(u).transient, u.addresses)
session.rollback()
t = Tag(name='t1', posts=[None, session.get(Post, 1)])
print(t.posts)
session.add(t)
try:
    session.commit()
except Exception as e:
    print(type(e).__name__, e)
session.rollback()
u2 = session.get(User, 1)
u2.posts.append(None)
print(session.is_modified(u2), u2 in session.dirty)
u2.posts[0:1] = []
print(u2.posts)
try:
    session.merge(u2)
except Exception as e:
    print(type(e).__name__, e)
session.expire(u2)
print(u2.posts)
session.commit()
