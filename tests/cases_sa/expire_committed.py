# from test/orm/test_expire.py ExpireTest.test_expire_committed
# schema: fixtures
# setup: fixture_rows
# The committed state of an expired attribute receives the newest database value; the flush afterwards has nothing to do.
session = Session(autoflush=False)
o = session.get(Order, 3)
session.expire(o)
session.execute(update(Order).values(description="order 3 modified"))
print(o.isopen)
print(o.description)
print(session.is_modified(o))
session.flush()
