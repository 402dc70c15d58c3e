# from test/orm/test_deferred.py DeferredOptionsTest.test_options
# schema: fixtures
# setup: fixture_rows
# defer() leaves a column out of the SELECT; it loads on access; undefer() loads it with the row.
sess = Session()
o = sess.scalars(select(Order).options(defer(Order.description)).order_by(Order.id)).first()
print(sorted(inspect(o).unloaded))
print(o.description)
sess.expunge_all()
o = sess.scalars(select(Order).options(defer(Order.description), undefer(Order.description)).where(Order.id == 2)).one()
print(sorted(inspect(o).unloaded))
