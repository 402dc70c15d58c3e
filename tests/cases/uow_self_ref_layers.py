# schema: hr
# setup: hr_rows
# A self-referential mapper is a cycle of the flush graph, which SQLAlchemy breaks into
# per-object actions (_SaveUpdateState, _ProcessState) run layer by layer by sort_as_subsets;
# the saves of one layer are one save_obj (UPDATEs by key, then INSERTs in insertion order). A
# new employee under a new manager is INSERTed after every object of its manager's layer, not
# right after the manager; a persistent report moved under a new manager is UPDATEd in the next
# layer. Fuzz finding commit|ops|params (seed 91076).
employee2 = Employee(name='python', title='wendy', salary=1)
employee3 = Employee(name='UPS', title='x', reports=[employee2])
session.add(employee3)
employee4 = Employee(name='y', title='sql', department_id=1)
session.add(employee4)
session.flush()
print(employee2.manager_id == employee3.id)
e1 = session.get(Employee, 1)
e1.name = 'renamed'
boss = Employee(name='boss', title='b', reports=[e1])
other = Employee(name='other', title='o')
leaf = Employee(name='leaf', title='l')
mid = Employee(name='mid', title='m', reports=[leaf])
top = Employee(name='top', title='t', reports=[mid])
session.add_all([boss, top, other])
session.flush()
print(session.execute(select(Employee.name, Employee.manager_id).order_by(Employee.id)).all())
