# from test/orm/test_transaction.py NaturalPKRollbackTest.test_key_replaced_by_update
# schema: natural_pk
# u1 takes a new key, u2 takes u1's old key; rollback puts both back.
sess = Session()
u1 = User(username="u1")
u2 = User(username="u2")
sess.add_all([u1, u2])
sess.commit()
u1.username = "u3"
sess.flush()
u2.username = "u1"
sess.flush()
print(sess.get(User, "u1") is u2, sess.get(User, "u3") is u1)
sess.rollback()
print(u1.username, u2.username)
print(sess.get(User, "u1") is u1, sess.get(User, "u2") is u2)
