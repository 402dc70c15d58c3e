# schema: blog
# setup: blog_rows
# Eager loading of a many-to-many: selectinload (SELECT … FROM post_tags JOIN tags … IN), joinedload (nested LEFT OUTER JOIN (post_tags JOIN tags)) and a selectin chain with a joined link.
posts = session.scalars(select(Post).options(selectinload(Post.tags)).order_by(Post.id)).all()
print([[t.name for t in p.tags] for p in posts])
session.expunge_all()
posts = session.scalars(select(Post).options(joinedload(Post.tags)).order_by(Post.id)).unique().all()
print([[t.name for t in p.tags] for p in posts])
session.expunge_all()
tags = session.scalars(select(Tag).options(selectinload(Tag.posts).joinedload(Post.author))).all()
print([[(p.title, p.author.name) for p in t.posts] for t in tags])
