# schema: hr
# setup: hr_rows
# Fuzz finding delete|ops|+SELECT badges (seed 92006, PostgreSQL): after commit() failed to RELEASE the savepoint (aborted transaction), delete() of an object whose delete cascade must load a relationship raises "prepared state" without SQL (the load is not swallowed).
department1 = Department(name='name1')
sp3 = session.begin_nested()
department2 = session.merge(department1)
employee2 = Employee(name='UPS', title='zed', salary=10, department=department2)
session.add(employee2)
session.execute(update(Department).where(Department.id > 0).values(name='name3'))
session.commit()
session.delete(employee2)
