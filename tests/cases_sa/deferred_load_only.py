# from test/orm/test_deferred.py DeferredOptionsTest.test_load_only
# schema: fixtures
# setup: fixture_rows
# load_only() loads the named columns and the primary key; the others load on access.
sess = Session()
o = sess.scalars(select(Order).options(load_only(Order.description)).where(Order.id == 3)).one()
print(sorted(inspect(o).unloaded))
print(o.isopen)
