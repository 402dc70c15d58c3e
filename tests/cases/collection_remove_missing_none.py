# schema: blog
# setup: blog_rows
# list.remove(None) on a collection without a None: the remove event (and _modified_event) fires
# before list.remove raises ValueError, as for any missing member, so the post is modified and
# the savepoint's rollback expires it. Fuzz finding with_nested|expire| (seed 91116).
post1 = Post(title='wendy', body=None, tags=[None], user_id=1)
session.add(post1)
post1.tags.remove(None)
session.flush()
print(session.dirty)
try:
    post1.tags.remove(None)
except Exception as e:
    print(type(e).__name__)
print(session.dirty, inspect(post1).modified)
try:
    with session.begin_nested():
        post1.tags.remove(None)
        raise KeyError('a')
except Exception as e:
    print(type(e).__name__)
print(inspect(post1).expired, post1.title)
