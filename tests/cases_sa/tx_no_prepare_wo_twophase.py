# from test/orm/test_transaction.py SessionTransactionTest.test_no_prepare_wo_twophase
# schema: fixtures
# prepare() without twophase raises InvalidRequestError.
sess = Session()
try:
    sess.prepare()
except Exception as e:
    print(type(e).__name__)
