# from test/orm/test_deferred.py DeferredTest.test_deferred_expire
# schema: fixtures
# setup: fixture_rows
# Expiring an object loaded with defer(): one SELECT reloads the loaded columns, the deferred one loads by itself.
sess = Session()
o = sess.scalars(select(Order).options(defer(Order.description)).where(Order.id == 3)).one()
sess.expire(o)
print(o.isopen)
print(o.description)
