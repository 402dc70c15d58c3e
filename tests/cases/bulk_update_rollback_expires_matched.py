# schema: hr
# setup: hr_rows
# An ORM UPDATE with synchronize_session ('fetch' or 'evaluate') registers the objects it matched
# as altered in the current transaction (bulk_persistence._apply_update_set_values_to_objects ->
# Session._register_altered): rolling back that transaction, a savepoint too, expires them.
# Fuzz finding rollback|expire| (seed 88040).
e = Employee(name='ed')
session.add(e)
sp = session.begin_nested()
session.execute(update(Employee).where(Employee.id > 0).values(name='orm').execution_options(synchronize_session='fetch'))
print(e.name)
sp.rollback()
print(sorted(inspect(e).unloaded))
print(e.name)
boss = session.get(Employee, 1)
sp = session.begin_nested()
session.execute(update(Employee).where(Employee.id == 1).values(title='boss').execution_options(synchronize_session='evaluate'))
print(boss.title)
sp.rollback()
print('title' in inspect(boss).unloaded, boss.title)
session.rollback()
print(inspect(e).transient)
