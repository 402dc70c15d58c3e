# from test/orm/test_deferred.py DeferredTest.test_unsaved
# schema: fixtures
# setup: fixture_rows
# A deferred column of an object loaded with defer() is flushed when set, without loading it first.
sess = Session()
o = sess.scalars(select(Order).options(defer(Order.description)).where(Order.id == 3)).one()
o.description = "some description"
sess.flush()
sess.expunge_all()
print(sess.get(Order, 3).description)
