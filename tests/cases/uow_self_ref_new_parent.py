# schema: hr
# setup: hr_rows
# A persistent employee put under a new manager (self-referential one-to-many Employee.reports):
# SQLAlchemy's unit of work saves per object in a self-referential cycle, the new manager's
# INSERT first, then the report's UPDATE with manager_id set to the new key (not an UPDATE to NULL
# before the INSERT). Fuzz findings flush|ops|params, query_lazyload|ops|params,
# coll_remove|ops|params, query_join|ops|params, bulk_insert_many|ops|params (seeds 30191, 30056,
# 30017, 30185, 30140).
department1 = session.get(Department, 1)
employee1 = session.get(Employee, 3)
employee2 = Employee(name='name2', salary=0.75, department=department1, reports=[employee1])
session.add(employee2)
badge1 = session.scalars(select(Badge).join(Badge.employee).where(Employee.id != 0).options(lazyload(Badge.employee)).order_by(Badge.id)).first()
print(employee1.manager_id == employee2.id, employee2.reports)
employee3 = Employee(name='orm', salary=None)
session.add(employee3)
session.execute(update(Employee).where(Employee.id > 1).values(salary=1))
employee4 = Employee(name='orm', title=None, salary=0.75, reports=[employee3, employee2], department_id=1)
session.add(employee4)
session.flush()
print(employee3.manager_id == employee4.id, employee2.manager_id == employee4.id)
session.commit()
print(session.execute(select(Employee.id, Employee.name, Employee.manager_id).order_by(Employee.id)).all())
