# schema: blog
# The five states of an ORM object, one step at a time.
#
#   transient  -> an object that only Python knows about (no session, no row)
#   pending    -> added to the session, waiting for the next flush (no row yet)
#   persistent -> in the session AND in the database (it has an identity)
#   deleted    -> marked for deletion and flushed; the DELETE is in the open transaction
#   detached   -> had a row once, but no session is looking after it any more
#
# Watch: the five flags of inspect(obj), which SQL appears at each step, and
# how `u.id` stays None until the INSERT has given the row its primary key.

u = User(name="ed", fullname="Ed Jones")
st = inspect(u)
print("after User():   ", st.transient, st.pending, st.persistent, st.deleted, st.detached)
print("id:", u.id, "| in session:", u in session)

# add() puts the object in the session. No SQL yet: the INSERT waits for a flush.
session.add(u)
print("after add():    ", st.transient, st.pending, st.persistent, st.deleted, st.detached)
print("session.new holds it:", u in session.new)

# flush() sends the INSERT (inside a transaction that BEGIN opened). Now the row
# exists, the primary key is known and the object has an identity key.
session.flush()
print("after flush():  ", st.transient, st.pending, st.persistent, st.deleted, st.detached)
print("id:", u.id, "| identity:", st.identity)

# commit() ends the transaction. The object stays persistent, but every attribute
# is expired: the next read will SELECT the row again.
session.commit()
print("expired after commit:", sorted(st.expired_attributes))
print("name:", u.name)

# delete() only marks it; the DELETE statement is sent by the flush, and from
# then on the object is 'deleted' until the transaction ends. delete() first
# loads the user's addresses (their cascade includes "delete"), and the flush
# loads the posts, whose user_id it would have to set to NULL.
session.delete(u)
print("after delete(): ", st.persistent, st.deleted, "| in session.deleted:", u in session.deleted)
session.flush()
print("after flush():  ", st.transient, st.pending, st.persistent, st.deleted, st.detached)

# Committing the deletion detaches the object: Python still holds it, no session does.
session.commit()
print("after commit(): ", st.transient, st.pending, st.persistent, st.deleted, st.detached)
print("was_deleted:", st.was_deleted, "| session is None:", st.session is None)

# A second object takes the other road to 'detached': close() (or expunge()).
a = User(name="wendy", fullname="Wendy Williams")
session.add(a)
session.commit()
session.close()
print("after close():  ", inspect(a).detached, "| identity still known:", inspect(a).identity)
# The commit expired its attributes and no session can reload them now, so the
# repr shows none; reading a.name would raise DetachedInstanceError.
a
