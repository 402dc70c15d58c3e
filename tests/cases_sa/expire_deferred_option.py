# from test/orm/test_expire.py ExpireTest.test_deferred
# schema: fixtures
# setup: fixture_rows
# A deferred (not loaded) column is listed as expired after expire(); unexpiring loads the others, the deferred one loads on access.
o1 = session.scalars(select(Order).options(defer(Order.description)).order_by(Order.id)).first()
print(sorted(inspect(o1).unloaded))
session.expire(o1)
print(sorted(inspect(o1).expired_attributes))
print(o1.isopen)
print(sorted(inspect(o1).expired_attributes))
print(o1.description)
