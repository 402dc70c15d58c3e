# schema: blog
# setup: blog_rows
# An expired post in a flush only through a backref queued on its unloaded tags: the INSERT of
# the new tag comes first, then the post's key is loaded for the association row
# (ManyToManyDP.process_saves), not before the INSERT. Fuzz finding refresh|ops|order (seed 91125).
post1 = session.get(Post, 1)
session.rollback()
address2 = session.get(Address, 2)
tag1 = Tag(name='name1', posts=[post1])
session.add(tag1)
session.refresh(address2)
session.commit()
print(session.execute(select(post_tags.c.post_id, post_tags.c.tag_id).order_by(post_tags.c.post_id, post_tags.c.tag_id)).all())
