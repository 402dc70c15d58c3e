# from test/orm/test_session.py TransScopingTest.test_autobegin_begin_method
# schema: fixtures
# begin() twice raises InvalidRequestError ("A transaction is already begun").
s = Session()
s.begin()
try:
    s.begin()
except Exception as e:
    print(type(e).__name__)
print(s.in_transaction())
