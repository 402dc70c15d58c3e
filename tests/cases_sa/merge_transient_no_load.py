# from test/orm/test_merge.py MergeTest.test_transient_no_load
# schema: fixtures
# merge(load=False) of a transient object raises InvalidRequestError.
sess = Session()
u = User()
try:
    sess.merge(u, load=False)
except Exception as e:
    print(type(e).__name__)
