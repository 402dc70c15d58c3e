# schema: blog
# setup: blog_rows
# session_basics.rst "Deleting Objects Referenced from Collections": a deleted address stays in user.addresses until the collection is expired (commit).
user = session.get(User, 1)
address = user.addresses[1]
session.delete(address)
session.flush()
print(address in user.addresses, inspect(address).deleted)
session.commit()
print(address in user.addresses, len(user.addresses))
