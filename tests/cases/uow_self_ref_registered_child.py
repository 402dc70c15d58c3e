# schema: hr
# setup: hr_rows
# A persistent employee put in a new employee's `reports` (no backref) is not modified itself;
# OneToManyDP.presort_saves registers it in the flush, and in the per-object actions of the
# self-referential mapper its manager_id is synchronized after the new manager's INSERT and
# UPDATEd. Fuzz finding merge_new|ops|-UPDATE employees (seed 93095).
boss = session.get(Employee, 1)
print(boss.manager_id)
new = Employee(name='paid', title='x', salary=10, reports=[boss])
session.add(new)
print(boss in session.dirty)
session.flush()
print(boss.manager_id == new.id, boss in session.dirty)
other = session.get(Employee, 3)
new.reports.append(other)
session.commit()
print(session.scalars(select(Employee.manager_id).order_by(Employee.id)).all())
