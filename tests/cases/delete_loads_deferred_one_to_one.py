# schema: hr
# setup: hr_rows
# A one-to-one (Employee.badge) set by a backref without its old value loaded defers that load
# to its history (LazyLoader: _deferred_history). When the parent is deleted, the flush's
# OneToManyDP.presort_deletes reads the history with PASSIVE_OFF, which loads the old value
# (SELECT badges) before the INSERT of a new badge. Fuzz finding query_raiseload|ops|-SELECT badges
# (seed 92033).
employee = session.get(Employee, 2)
badge = session.scalars(select(Badge).where(Badge.id > 1).order_by(Badge.id)).first()
with session.begin_nested():
    session.delete(badge)
badge.employee = None
new_badge = Badge(code='code2')
session.add(new_badge)
session.delete(employee)
try:
    session.flush()
except Exception as e:
    print(type(e).__name__)
session.rollback()
print(session.scalars(select(Badge.code).order_by(Badge.id)).all())
