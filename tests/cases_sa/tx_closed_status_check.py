# from test/orm/test_transaction.py SessionTransactionTest.test_closed_status_check
# schema: fixtures
# rollback()/commit() of a closed SessionTransaction raise ResourceClosedError.
sess = Session()
trans = sess.begin()
trans.rollback()
try:
    trans.rollback()
except Exception as e:
    print(type(e).__name__)
try:
    trans.commit()
except Exception as e:
    print(type(e).__name__)
