# schema: blog
# get_transaction() / get_nested_transaction() return the one SessionTransaction object each time; commit() or rollback() of a closed transaction raises ResourceClosedError, close() of one does nothing.
t = session.begin()
print(session.get_transaction() is t, session.get_transaction() is session.get_transaction())
n = session.begin_nested()
print(session.get_nested_transaction() is n, session.get_nested_transaction() is session.get_nested_transaction())
print(n.parent is t, n.nested, t.nested)
n.commit()
print(session.get_nested_transaction(), n.is_active)
try:
    n.commit()
except Exception as e:
    print(type(e).__name__, e)
try:
    n.rollback()
except Exception as e:
    print(type(e).__name__, e)
n.close()
t.commit()
try:
    t.commit()
except Exception as e:
    print(type(e).__name__, e)
try:
    t.rollback()
except Exception as e:
    print(type(e).__name__, e)
t.close()
print(t.is_active, session.get_transaction())
u = User(name="x")
session.add(u)
t2 = session.get_transaction()
session.flush()
print(t2 is session.get_transaction(), t2 is t)
session.rollback()
