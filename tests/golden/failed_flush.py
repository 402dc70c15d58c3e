# schema: blog
# A failed flush rolls back the transaction; until rollback() every use of the session
# raises PendingRollbackError; after it the session works again.
from sqlalchemy.exc import IntegrityError, PendingRollbackError
session.add(User(name="ed"))
session.commit()
dup = User(name="ed")
session.add(dup)
try:
    session.flush()
except IntegrityError as e:
    print("flush failed:", type(e).__name__)
inspect(dup).pending
session.is_active
session.get(User, 1)
try:
    session.execute(select(User))
except PendingRollbackError:
    print("still pending rollback")
session.rollback()
inspect(dup).transient
session.is_active
session.get(User, 1)
session.add(User(name="ed"))
session.commit()
session.rollback()
session.scalar(select(func.count()).select_from(User))
