# from test/orm/test_bind.py BindIntegrationTest.test_mapped_binds
# schema: fixtures
# setup: fixture_rows
# Session(binds={User: engine, Address: engine}) with no default bind: mapped statements find their engine; text() without a mapper has none.
sess = Session(bind=None, binds={User: engine, Address: engine})
print(sess.get_bind(User) is engine, sess.get_bind(Address) is engine)
print(sess.get(User, 7).name)
print(sess.scalars(select(Address.email_address).where(Address.user_id == 8).order_by(Address.id)).all())
try:
    sess.execute(text("select 1"))
except Exception as e:
    print(type(e).__name__)
sess.close()
