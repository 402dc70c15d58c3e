# schema: hr
# setup: hr_rows
# Session.begin() on a session whose transaction failed says "already begun" (InvalidRequestError), as
# SQLAlchemy's begin() checks only for an existing transaction; begin_nested() and flush() say
# PendingRollbackError; rollback() then begin() works. (fuzzer, seed 1016)
badge1 = Badge(code='code1', employee_id=3)
badge2 = Badge(code='code2', employee_id=3)
session.add(badge2)
session.add(badge1)
session.commit()
tx1 = session.begin()
session.begin_nested()
session.flush()
session.rollback()
tx2 = session.begin()
print(tx2.is_active, session.in_transaction())
session.commit()
