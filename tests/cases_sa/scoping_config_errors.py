# from test/orm/test_scoping.py ScopedSessionTest.test_config_errors
# schema: fixtures
# Calling a scoped_session with arguments when a session already exists raises InvalidRequestError.
ss = scoped_session(sessionmaker(bind=engine))
ss()
try:
    ss(autoflush=False)
except Exception as e:
    print(type(e).__name__)
ss.remove()
s2 = ss(autoflush=False)
print(s2.autoflush)
ss.remove()
