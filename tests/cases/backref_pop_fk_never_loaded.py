# schema: hr
# setup: hr_rows
# After its INSERT, an object's foreign key column that was never given a value is neither in
# its dict nor expired: the many-to-one's value is NO_VALUE (NEVER_SET), not "unknown". A backref
# removing the object from a collection it is not in (list.remove fires the remove event before
# raising ValueError) pops the many-to-one with check_old: NO_VALUE is not that parent, so nothing
# changes and no UPDATE follows. Fuzz findings merge|ops|+UPDATE employees (seed 93044),
# bulk_update_pk|ops|+UPDATE posts (seed 93174).
e = Employee(name='orm', title='jack')
session.add(e)
dept = session.get(Department, 2)
try:
    dept.employees.remove(e)
except ValueError as err:
    print(err)
print(e in session.dirty)
print(inspect(e).attrs.department.history)
session.flush()
e.department = None
print(inspect(e).attrs.department.history)
session.flush()
print(session.scalars(select(Employee.department_id).where(Employee.id == e.id)).one())
