# schema: blog
# setup: blog_rows
# A many-to-one of a pending object reads None without SQL, even with its foreign key set, and stays unset: after the flush it loads (LazyLoader._load_for_state returns ATTR_EMPTY for a state without a key, orm/strategies.py; ScalarObjectAttributeImpl does not store that None).
a = Address(email="fk@x", user_id=2)
session.add(a)
print(a.user)
print(a.user_id, "user" in inspect(a).unloaded)
session.flush()
print(a.user)
session.expire(a, ["user"])
a.user_id = 3
print(a.user.name)
session.flush()
session.expire(a, ["user"])
print(a.user.name)
p = Post(title="draft", user_id=1)
session.add(p)
print(p.author, p.tags)
session.commit()
print(p.author.name, p.tags)
