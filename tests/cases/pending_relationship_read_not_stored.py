# schema: hr
# setup: hr_rows
# An object without identity loads no relationship (LazyLoader._load_for_state: ATTR_EMPTY,
# even for a many-to-one whose foreign key is set: no autoflush, no SELECT), and the default it
# reads (None, an empty collection) is not stored (_default_value, _empty_collections): it stays
# unloaded, so after the object's INSERT the next access loads it (with its autoflush).
# Fuzz findings coll_append|ops|-INSERT addresses -UPDATE users (seed 93021),
# print_attr|out|-/PendingRollbackError (seed 93011).
b = Badge(code='x', employee_id=3)
session.add(b)
print(b.employee)
print(sorted(inspect(b).unloaded))
d = Department(name='n')
session.add(d)
print(d.employees)
print(sorted(inspect(d).unloaded))
session.flush()
e = session.get(Employee, 2)
e.title = 'changed'
print(b.employee.name)
d.employees.append(e)
print([x.name for x in d.employees])
d2 = Department(name='m')
session.add(d2)
print(d2.employees)
d2.employees = []
session.flush()
print(d2.employees)
