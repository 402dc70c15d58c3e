# from test/orm/test_session.py SessionStateWFixtureTest.test_expunge_cascade
# schema: fixtures_cascade
# setup: fixture_rows
# expunge() cascades along "all": the loaded addresses leave the session too.
sess = Session()
u = sess.get(User, 8)
print(len(u.addresses))
sess.expunge(u)
print([a in sess for a in u.addresses])
print(u in sess)
