# from test/orm/test_session.py SessionStateTest.test_autoflush_unbound
# schema: fixtures
# Autoflush before a query; text() with bind_arguments=dict(mapper=User) runs in the session transaction.
with Session(autoflush=True) as sess:
    u = User()
    u.name = "ed"
    sess.add(u)
    u2 = sess.query(User).filter_by(name="ed").one()
    print(u2 is u)
    print(sess.execute(text("select count(1) from users"), bind_arguments=dict(mapper=User)).scalar())
    sess.commit()
    print(sess.execute(text("select count(1) from users"), bind_arguments=dict(mapper=User)).scalar())
