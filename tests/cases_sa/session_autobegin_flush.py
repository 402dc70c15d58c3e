# from test/orm/test_session.py TransScopingTest.test_autobegin_flush
# schema: fixtures
# An empty flush does not begin a transaction; a flush with work does; commit ends it.
s = Session()
s.flush()
print(s.in_transaction())
s.add(User(id=1, name="name"))
s.flush()
print(s.in_transaction())
s.commit()
print(s.in_transaction())
