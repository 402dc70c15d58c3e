# from test/orm/test_deferred.py DeferredOptionsTest.test_raise_on_defer
# schema: fixtures
# setup: fixture_rows
# defer(raiseload=True): accessing the column raises InvalidRequestError.
sess = Session()
o = sess.scalars(select(Order).options(defer(Order.description, raiseload=True)).where(Order.id == 3)).one()
try:
    o.description
except Exception as e:
    print(type(e).__name__)
print(o.isopen)
