# from test/orm/test_bind.py BindIntegrationTest.test_session_unbound
# schema: fixtures
# A Session with no bind: get_bind() raises UnboundExecutionError; flush and execute of a mapped statement too.
sess = sessionmaker()()
try:
    sess.get_bind(User)
except Exception as e:
    print(type(e).__name__)
try:
    sess.execute(select(User))
except Exception as e:
    print(type(e).__name__)
sess.add(User(name="x"))
try:
    sess.flush()
except Exception as e:
    print(type(e).__name__)
