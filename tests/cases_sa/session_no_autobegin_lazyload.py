# from test/orm/test_session.py TransScopingTest.test_no_autobegin
# schema: fixtures
# Session(autobegin=False): a lazy load after commit() raises InvalidRequestError.
with Session() as setup_session:
    setup_session.add(User(name="u1"))
    setup_session.commit()
s = Session(autobegin=False, expire_on_commit=False)
s.begin()
u1 = s.scalar(select(User).filter_by(name="u1"))
s.commit()
try:
    u1.addresses
except Exception as e:
    print(type(e).__name__)
s.begin()
print(u1.addresses)
s.close()
print(s.in_transaction())
