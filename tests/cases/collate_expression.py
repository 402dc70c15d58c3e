# schema: blog
# setup: blog_rows
# collate() as a method and a function: expr COLLATE name, the name quoted by the dialect's
# identifier rules ("NOCASE" quoted, binary not), parenthesised below a comparison.
from sqlalchemy import collate
print(session.scalars(select(User.name).order_by(User.name.collate("NOCASE"))).all())
print(session.scalars(select(User.name).where(collate(User.name, "binary") == "ed")).all())
print(select(User.name).where(User.name.collate("nocase") == "ED"))
