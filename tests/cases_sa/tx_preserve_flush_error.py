# from test/orm/test_transaction.py SessionTransactionTest.test_preserve_flush_error
# schema: fixtures
# After a failed flush every commit() raises PendingRollbackError until rollback(); then work goes on.
sess = Session()
u1 = User(id=1, name="u1")
sess.add(u1)
sess.commit()
sess.add(User(id=1, name="u2"))
try:
    sess.flush()
except Exception as e:
    print(type(e).__name__)
for i in range(3):
    try:
        sess.commit()
    except Exception as e:
        print(type(e).__name__)
sess.rollback()
sess.add(User(id=5, name="some name"))
sess.commit()
print(sess.scalars(select(User.id).order_by(User.id)).all())
