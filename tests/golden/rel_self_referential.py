# schema: hr
boss = Employee(name="boss")
boss.reports = [Employee(name="ann"), Employee(name="bob")]
session.add(boss)
session.commit()
print([(e.name, e.manager_id) for e in boss.reports])
session.delete(boss)
session.commit()
print(session.execute(select(Employee.name, Employee.manager_id).order_by(Employee.name)).all())
