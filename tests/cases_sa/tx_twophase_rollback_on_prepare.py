# from test/orm/test_transaction.py TwoPhaseTest.test_rollback_on_prepare
# schema: fixtures_cascade
# twophase=True: prepare() then rollback() expunges the pending object.
s = Session(twophase=True)
u = User(name="ed")
s.add(u)
s.prepare()
s.rollback()
print(u in s)
