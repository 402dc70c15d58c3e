# from test/orm/test_session.py SessionStateTest.test_explicit_expunge_pending
# schema: fixtures
# expunge() of a pending object makes it transient; rollback() leaves it alone.
sess = Session()
u1 = User(name="x")
sess.add(u1)
sess.flush()
sess.expunge(u1)
print(inspect(u1).transient, u1 in sess)
sess.rollback()
print(inspect(u1).transient, u1 in sess)
