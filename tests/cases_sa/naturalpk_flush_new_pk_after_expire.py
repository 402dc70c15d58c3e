# from test/orm/test_naturalpks.py NaturalPKTest.test_flush_new_pk_after_expire
# schema: natural_pk
# A new natural primary key set on an expired object is flushed (the UPDATE loads the old key first).
sess = Session()
u1 = User(username="jack", fullname="jack")
sess.add(u1)
sess.flush()
print(sess.get(User, "jack") is u1)
sess.expire(u1)
u1.username = "ed"
sess.flush()
sess.expunge_all()
print(sess.get(User, "ed").fullname)
