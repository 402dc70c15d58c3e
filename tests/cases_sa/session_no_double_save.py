# from test/orm/test_session.py SessionStateTest.test_no_double_save
# schema: fixtures
# add() of the same pending object twice: one INSERT.
sess = Session()
u = User(name="u")
sess.add(u)
sess.add(u)
sess.add_all([u])
print(len(sess.new))
sess.flush()
print(sess.query(User).count())
