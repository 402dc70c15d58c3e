# from test/orm/test_transaction.py NaturalPKRollbackTest.test_reloaded_deleted_checked_for_expiry
# schema: natural_pk
# An object deleted by a flush and then loaded again under the same key (a new row): after rollback the first object is back.
sess = Session()
u1 = User(username="u1")
sess.add(u1)
sess.commit()
sess.delete(u1)
sess.flush()
u2 = User(username="u1", fullname="new")
sess.add(u2)
sess.flush()
sess.rollback()
print(inspect(u1).persistent, inspect(u2).transient)
print(u1.username, u1.fullname)
