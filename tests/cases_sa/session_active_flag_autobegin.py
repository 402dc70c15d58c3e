# from test/orm/test_session.py SessionStateTest.test_active_flag_autobegin
# schema: fixtures
# is_active stays True through begin() and rollback().
sess = Session(bind=engine)
print(sess.is_active, sess.in_transaction())
sess.begin()
print(sess.is_active, sess.in_transaction())
sess.rollback()
print(sess.is_active, sess.in_transaction())
