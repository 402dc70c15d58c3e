# schema: blog
# setup: blog_rows
# A RELEASE SAVEPOINT that fails in commit() (PostgreSQL: the transaction is aborted after an error) leaves the savepoint session transaction PREPARED and current: SQL and flush raise "This session is in 'prepared' state" (no rollback of the flush), commit() raises PendingRollbackError, rollback() restores everything with one ROLLBACK. On SQLite and MariaDB the RELEASE succeeds.
sp = session.begin_nested()
session.add(User(name="zed"))
session.flush()
session.execute(update(User).where(User.id > 0).values(name="same"))
session.commit()
print(session.in_transaction(), session.in_nested_transaction(), sp.is_active)
session.get(User, 1)
session.add(User(name="amy"))
session.flush()
session.commit()
session.rollback()
print(session.in_transaction(), session.in_nested_transaction(), sp.is_active)
print(session.scalars(select(User.name).order_by(User.id)).all())
session.commit()
