# from test/orm/test_session.py TransScopingTest.test_no_autobegin
# schema: fixtures
# Session(autobegin=False): after rollback(), add() of an object raises InvalidRequestError until begin().
with Session() as setup_session:
    setup_session.add(User(name="u1"))
    setup_session.commit()
s = Session(autobegin=False)
s.begin()
u1 = s.scalar(select(User).filter_by(name="u1"))
s.rollback()
print(s.in_transaction())
try:
    s.add(u1)
except Exception as e:
    print(type(e).__name__)
s.begin()
print(u1.addresses)
print(s.in_transaction())
s.rollback()
