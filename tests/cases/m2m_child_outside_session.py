# schema: blog
# setup: blog_rows
# A many-to-many pair whose child is not in the session makes no association row
# (ManyToManyDP._synchronize: "Object of type Post not in session, add operation along
# 'Tag.posts' won't proceed"): the transient post came into tag.posts through the backref of
# Post.tags, and a backref does not cascade save-update in 2.x. (fuzzer seeds 20055, 20118)
tag1 = Tag(name='name1')
session.add(tag1)
post3 = Post(title='wendy', body='body5', tags=[tag1])
print(post3 in session, [p.title for p in tag1.posts])
session.flush()
print(inspect(post3).transient, session.scalar(select(func.count()).select_from(post_tags)))
post1 = session.get(Post, 1)
tag4 = Tag(name='name2', posts=[post1])
session.flush()
print([t.name for t in post1.tags])
session.rollback()
