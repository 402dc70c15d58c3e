# from test/orm/test_transaction.py SavepointTest.test_savepoint_delete
# schema: fixtures_cascade
# A delete inside a savepoint is committed with the transaction.
s = Session()
u1 = User(name="ed")
s.add(u1)
s.commit()
print(s.query(User).filter_by(name="ed").count())
s.begin_nested()
s.delete(u1)
s.commit()
print(s.query(User).filter_by(name="ed").count())
s.commit()
