# schema: blog
# .explain, .history and .states agree with inspect() after each step: a
# collection change (pop), an expunged object with expired attributes, an
# object marked for deletion, a deleted one, and one inserted and deleted in
# the same transaction (a rollback makes it transient, not persistent).
u = User(name="ed")
a = Address(email="e@x")
u.addresses.append(a)
session.add(u)
session.commit()
len(u.addresses)
u.addresses.pop()
.explain u
i = inspect(u)
print("inspect:", "transient" if i.transient else "pending" if i.pending else "persistent" if i.persistent else "deleted" if i.deleted else "detached", sorted(i.expired_attributes), "modified" if i.modified else "unmodified")
inspect(u).attrs.addresses.history
.history u
.states
session.rollback()
session.expire(u)
session.expunge(u)
.explain u
i = inspect(u)
print("inspect:", "transient" if i.transient else "pending" if i.pending else "persistent" if i.persistent else "deleted" if i.deleted else "detached", sorted(i.expired_attributes), "modified" if i.modified else "unmodified")
d = session.get(User, 1)
session.delete(d)
.explain d
i = inspect(d)
print("inspect:", "transient" if i.transient else "pending" if i.pending else "persistent" if i.persistent else "deleted" if i.deleted else "detached", sorted(i.expired_attributes), "modified" if i.modified else "unmodified")
session.flush()
.explain d
i = inspect(d)
print("inspect:", "transient" if i.transient else "pending" if i.pending else "persistent" if i.persistent else "deleted" if i.deleted else "detached", sorted(i.expired_attributes), "modified" if i.modified else "unmodified")
p = User(name="pp")
session.add(p)
session.flush()
session.delete(p)
session.flush()
.explain p
i = inspect(p)
print("inspect:", "transient" if i.transient else "pending" if i.pending else "persistent" if i.persistent else "deleted" if i.deleted else "detached", sorted(i.expired_attributes), "modified" if i.modified else "unmodified")
session.rollback()
.explain p
i = inspect(p)
print("inspect:", "transient" if i.transient else "pending" if i.pending else "persistent" if i.persistent else "deleted" if i.deleted else "detached", sorted(i.expired_attributes), "modified" if i.modified else "unmodified")
.explain d
i = inspect(d)
print("inspect:", "transient" if i.transient else "pending" if i.pending else "persistent" if i.persistent else "deleted" if i.deleted else "detached", sorted(i.expired_attributes), "modified" if i.modified else "unmodified")
