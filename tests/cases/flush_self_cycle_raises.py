# schema: hr
# setup: hr_rows
# An object in its own self-referential collection cannot be ordered by the unit of work: the per-state
# dependencies of a self-referential relationship (dependency.py OneToManyDP.per_state_dependencies:
# save parent -> process -> save child) form a cycle and topological.sort_as_subsets raises
# CircularDependencyError before any statement of that flush; the session rolls back. (fuzzer seed 6020)
e = session.get(Employee, 2)
e.reports.append(e)
try:
    session.flush()
except Exception as ex:
    print(type(ex).__name__)
session.rollback()
a = Employee(name='a', salary=1)
b = Employee(name='b', salary=2, reports=[a])
a.reports.append(b)
session.add(a)
try:
    session.commit()
except Exception as ex:
    print(type(ex).__name__)
session.rollback()
print(inspect(a).transient)
c = Employee(name='c', salary=3)
c.reports.append(Employee(name='d', salary=4))
session.add(c)
session.commit()
