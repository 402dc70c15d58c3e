# schema: hr
# setup: hr_rows
# Session.refresh() checks that the object is persistent in this session (Session._expire_state ->
# _validate_persistent: InvalidRequestError "Instance ... is not persistent within this Session") before
# anything reaches the transaction: after a failed flush, refresh() of an object the flush's rollback
# made transient says so; refresh() of a persistent object then meets the inactive transaction
# (PendingRollbackError). (fuzzer seeds 1244, 6020)
e1 = session.get(Employee, 1)
e2 = Employee(name='x', salary=1)
e2.reports.append(e2)
session.add(e2)
try:
    session.flush()
except Exception as ex:
    print(type(ex).__name__)
e3 = Employee(name='y', salary=2)
session.add(e3)
try:
    session.refresh(e3)
except Exception as ex:
    print(type(ex).__name__)
try:
    session.refresh(e1)
except Exception as ex:
    print(type(ex).__name__)
session.rollback()
try:
    session.refresh(e3)
except Exception as ex:
    print(type(ex).__name__)
