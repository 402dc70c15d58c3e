# schema: hr
# setup: hr_rows
# An expired persistent object in a flush for a relationship change only (no column to UPDATE):
# its primary key is loaded after every statement of the flush, by finalize_flush_changes
# (Session._register_persistent reads the identity key), not before the INSERTs; an association
# row needing it loads it when it is written. Fuzz findings flush|ops|order (seed 91091),
# refresh|ops|order (seed 91125, blog).
department1 = Department(name='name1')
employee2 = session.merge(Employee(id=2, name='wendy', title='sql'))
employee4 = Employee(name='x', title='zed', salary=0.75)
session.add(employee4)
session.rollback()
session.add(employee4)
department1.employees.append(employee2)
session.flush()
print(employee2.department_id, department1 in session)
session.rollback()
employee3 = session.get(Employee, 3)
session.commit()
employee3.reports.append(Employee(name='new', title='t'))
employee3.name = 'changed'
session.flush()
print(session.execute(select(Employee.id, Employee.manager_id).order_by(Employee.id)).all())
