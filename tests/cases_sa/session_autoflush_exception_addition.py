# from test/orm/test_session.py SessionStateTest.test_autoflush_exception_addition
# schema: fixtures_nobackref
# A failing autoflush raised from a query is the database error (email_address NOT NULL).
s = Session()
u1 = User(name="first")
s.add(u1)
s.commit()
u1.addresses.append(Address(email_address=None))
try:
    s.query(User).first()
except Exception as e:
    print(type(e).__name__, isinstance(e, Exception))
s.rollback()
