# schema: blog
# Flush order: the unit of work decides the order of INSERT, UPDATE and
# DELETE, not the order of your lines. .plan shows the next flush before it
# runs (computed by the flush's own sort; nothing runs, nothing is loaded),
# with the reason for each row.
.echo off
.events off

# Lines in "wrong" order: the address and the post are created first, the
# user last. Parents go first anyway: a1 and p1 need u1's key.
a1 = Address(email="ed@x")
p1 = Post(title="hello")
u1 = User(name="ed")
a1.user = u1
p1.author = u1
p1.tags.append(Tag(name="news"))
session.add(u1)
.plan
.echo on
session.commit()
.echo off

# Changes, removals and deletes in one flush: UPDATEs and INSERTs per class,
# parents first; association rows after both sides; DELETEs last, children
# first. Removing a1 from u1.addresses deletes it: the relationship has
# cascade "all, delete-orphan".
u1.addresses, p1.tags
u1.fullname = "Ed Jones"
u1.addresses.append(Address(email="ed@y"))
u1.addresses.remove(a1)
p1.tags.clear()
.plan
.echo on
session.commit()
.echo off

# Deleting a parent: its addresses go with it (delete cascade); its posts
# are not deleted but let go (user_id set to NULL). posts was not loaded:
# the plan says the flush will load it first, instead of loading it.
session.delete(u1)
.plan
.echo on
session.commit()
