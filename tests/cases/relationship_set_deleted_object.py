# schema: blog
# setup: blog_rows
# Setting a many-to-one (or appending) to an object deleted and committed: the save-update cascade
# listener runs before the change is stored (fire_replace_event: listeners, then _modified_event),
# so its InvalidRequestError leaves the post unmodified and a later get() loads it once, with no
# flush. Fuzz finding get|ops|params (seed 91071).
user1 = session.get(User, 3)
post1 = Post(title='new', body='python', author=user1)
session.add(post1)
session.delete(user1)
session.commit()
try:
    post1.author = user1
except Exception as e:
    print(type(e).__name__)
print(session.dirty, inspect(post1).modified)
post4 = session.get(Post, 4)
post2 = session.get(Post, 1)
session.delete(post2)
session.commit()
user2 = session.get(User, 2)
try:
    user2.posts.append(Post(title='x'))
    user2.posts.append(post2)
except Exception as e:
    print(type(e).__name__)
print(len(user2.posts), session.new, session.dirty)
