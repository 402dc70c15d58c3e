# from test/orm/test_session.py SessionStateTest.test_with_no_autoflush_after_exception
# schema: fixtures
# An exception inside no_autoflush restores autoflush.
sess = Session(autoflush=True)
try:
    with sess.no_autoflush:
        1 / 0
except ZeroDivisionError:
    print("ZeroDivisionError")
print(sess.autoflush)
