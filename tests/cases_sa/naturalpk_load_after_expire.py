# from test/orm/test_naturalpks.py NaturalPKTest.test_load_after_expire
# schema: natural_pk
# The primary key changed behind the session: the expired object cannot be refreshed (ObjectDeletedError).
sess = Session()
u1 = User(username="jack", fullname="jack")
sess.add(u1)
sess.flush()
print(sess.get(User, "jack") is u1)
r = sess.execute(update(User.__table__).values(username="ed"))
sess.expire(u1)
try:
    u1.username
except Exception as e:
    print(type(e).__name__)
sess.expunge_all()
print(sess.get(User, "jack"))
print(sess.get(User, "ed").fullname)
