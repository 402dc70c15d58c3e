# from test/orm/test_scoping.py ScopedSessionTest.test_basic
# schema: fixtures
# scoped_session returns the same Session each call; remove() discards it.
ss = scoped_session(sessionmaker(bind=engine))
s1 = ss()
print(ss() is s1)
ss.add(User(name="u1"))
print(len(s1.new))
ss.commit()
print(ss.query(User).count())
ss.remove()
print(ss() is s1)
ss.remove()
