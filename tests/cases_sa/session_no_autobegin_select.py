# from test/orm/test_session.py TransScopingTest.test_no_autobegin
# schema: fixtures
# Session(autobegin=False): execute() without begin() raises InvalidRequestError; after begin() it works until commit.
s = Session(autobegin=False)
try:
    s.execute(select(1))
except Exception as e:
    print(type(e).__name__)
s.begin()
print(s.in_transaction())
print(s.scalar(select(1)))
s.commit()
print(s.in_transaction())
try:
    s.execute(select(1))
except Exception as e:
    print(type(e).__name__)
