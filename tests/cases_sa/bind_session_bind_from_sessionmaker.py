# from test/orm/test_bind.py BindIntegrationTest.test_session_bind
# schema: fixtures
# setup: fixture_rows
# A Session bound to an Engine: get_bind() returns that engine; connection() checks one out.
sess = Session(bind=engine)
print(sess.get_bind() is engine)
print(sess.get_bind(User) is engine)
c = sess.connection()
print(c.engine is engine)
print(sess.get(User, 7).name)
sess.close()
