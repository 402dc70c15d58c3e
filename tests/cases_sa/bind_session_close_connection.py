# from test/orm/test_bind.py BindIntegrationTest.test_session_close_engine
# schema: fixtures
# close() of a Session that checked out a connection returns it to the pool.
sess = Session(bind=engine)
sess.connection()
print(engine.pool.checkedout())
sess.close()
print(engine.pool.checkedout())
