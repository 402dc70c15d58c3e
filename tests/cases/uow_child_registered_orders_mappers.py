# schema: hr
# setup: hr_rows
# A persistent employee added to a new department's collection is registered in the flush by
# OneToManyDP.presort_saves even when it is not dirty (here merge()'s autoflush committed its
# backref change first), so Employee is one of the flush's mappers: the new badge, whose
# employee_id is set as a column, is saved after the employees (Badge.employee's prop_has_changes
# is true when Employee is in the flush). Fuzz finding get|ops|order (seed 88052).
badge2 = Badge(code='code2', employee_id=3)
employee1 = session.get(Employee, 2)
department1 = Department(name='name3', employees=[employee1])
employee2 = session.merge(employee1)
print(session.dirty)
session.add(department1)
session.add(badge2)
badge3 = session.get(Badge, 99)
print(employee1.department_id == department1.id)
session.commit()
print(session.execute(select(Badge.code, Badge.employee_id).order_by(Badge.id)).all())
