# from test/orm/test_session.py TransScopingTest.test_autobegin_execute
# schema: fixtures
# execute() autobegins; commit() and close() end the transaction; the next execute() begins again.
s = Session()
print(s.in_transaction(), s.get_transaction())
s.execute(select(1))
print(s.in_transaction())
s.commit()
print(s.in_transaction())
s.execute(select(1))
print(s.in_transaction())
s.close()
print(s.in_transaction())
s.execute(select(1))
print(s.in_transaction())
s.close()
print(s.in_transaction())
