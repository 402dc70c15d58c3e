# schema: blog
# setup: blog_rows
# Assigning a list equal to the loaded collection still modifies the object
# (CollectionAttributeImpl.set calls state._modified_event before anything else): it is in
# session.dirty, though is_modified() is False and the flush writes nothing. Assigning the
# collection object itself changes nothing (`old is orig_iterable`). (fuzzer seed 20001)
post1 = session.get(Post, 1)
post1.tags = post1.tags
print(len(session.dirty))
post1.tags = list(post1.tags)
print(len(session.dirty), session.is_modified(post1))
session.flush()
print(len(session.dirty))
post2 = Post(title='y', body='jack')
session.add(post2)
session.flush()
post2.tags = []
print(len(session.new), len(session.dirty), len(session.deleted))
session.commit()
