# schema: hr
# setup: hr_rows
# join() without an ON clause along a self-referential foreign key: to an alias, SQLAlchemy's join condition takes the key both ways (one constraint, shared by the alias) and ANDs them; an entity to itself has no left side; chains join from their last table, else any table of the chain
Mgr = aliased(Employee)
print(session.execute(select(Employee.name).join(Mgr)).all())
print(session.execute(select(Department.name).join(Employee).join(Badge).order_by(Badge.code)).all())
print(session.execute(select(Badge.code).join(Employee).join(Department).order_by(Badge.code)).all())
print(session.execute(select(Department.name, Badge.code).join(Employee, Department.id == Employee.department_id).join(Badge).order_by(Badge.code)).all())
for stmt in [select(Department.name, Badge.code).join(Employee), select(Badge.code).join(Department), select(Employee.name).join(Employee)]:
    try:
        print(session.execute(stmt).all())
    except Exception as e:
        print(type(e).__name__)
