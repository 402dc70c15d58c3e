# from test/orm/test_naturalpks.py NaturalPKTest.test_entity
# schema: natural_pk
# Changing a natural primary key: the identity map follows (get() of the new key without SQL, the old key finds nothing).
sess = Session()
u1 = User(username="jack", fullname="jack")
sess.add(u1)
sess.flush()
print(sess.get(User, "jack") is u1)
u1.username = "ed"
sess.flush()
print(sess.get(User, "ed") is u1)
print(sess.get(User, "jack"))
sess.expunge_all()
u1 = sess.get(User, "ed")
print(u1.username, u1.fullname)
