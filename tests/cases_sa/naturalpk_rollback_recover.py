# from test/orm/test_transaction.py NaturalPKRollbackTest.test_rollback_recover
# schema: natural_pk
# A natural primary key change rolled back: the object has its old key again.
sess = Session()
u1 = User(username="u1")
u2 = User(username="u2")
sess.add_all([u1, u2])
sess.commit()
u1.username = "u3"
sess.flush()
sess.rollback()
print(u1.username)
print(sess.get(User, "u1") is u1, sess.get(User, "u3"))
