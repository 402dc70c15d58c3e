# schema: hr
# setup: hr_rows
# Appending to the collection of a parent deleted by a flush: the save-update cascade listener runs
# before the backref listener (strategies.py _register_attribute: _track_cascade_events is registered
# first), so the new child is cascaded into the session before its `department` is set and the cascade
# never reaches the deleted parent (Session._update_impl would raise "has been deleted"). (fuzzer seed 1193)
employee1 = Employee(name='UPS', title='zed', salary=10, manager_id=2)
department1 = session.merge(Department(id=2, name='name1'))
session.delete(department1)
session.flush()
department1.employees.append(employee1)
print(inspect(employee1).pending, employee1.department is department1)
session.rollback()
