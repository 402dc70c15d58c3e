# schema: hr
# setup: hr_rows
# A flush with a cycle of objects (an employee in its own reports) runs, layer by layer, every
# action that does not follow the cycle (topological.sort_as_subsets yields them before it finds
# no next layer), then raises CircularDependencyError: an unrelated new employee is INSERTed, a
# changed one UPDATEd, and the transaction then rolls back. Fuzz findings
# begin_nested|ops|-INSERT employees (seed 88034), begin_nested|ops|-UPDATE employees (92012).
e1 = Employee(name='y', title='t', manager_id=2)
e1.reports.append(e1)
session.add(e1)
e2 = Employee(name='mary', salary=2.5)
session.add(e2)
try:
    session.flush()
except Exception as ex:
    print(type(ex).__name__)
session.rollback()
e3 = Employee(name='mary', title='y', salary=0.75)
e3.reports.append(e3)
e4 = session.merge(Employee(id=2, salary=1))
e4.reports.append(e3)
e4.department = None
try:
    session.begin_nested()
except Exception as ex:
    print(type(ex).__name__)
session.rollback()
print(session.scalars(select(Employee.department_id).order_by(Employee.id)).all())
