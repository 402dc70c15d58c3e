# from test/orm/test_session.py TransScopingTest.test_autobegin_within_flush
# schema: fixtures
# A flush after commit autobegins; rollback undoes the flushed UPDATE.
s = Session()
s.add(User(name="u1"))
s.commit()
u1 = s.query(User).first()
s.commit()
u1.name = "newname"
s.flush()
print(s.connection().scalar(select(User.name)))
print(s.in_transaction())
s.rollback()
print(s.in_transaction())
print(s.connection().scalar(select(User.name)))
