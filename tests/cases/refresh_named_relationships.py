# schema: hr
# setup: hr_rows
# Session.refresh(obj, names) loads only the named attributes (loading._load_on_ident with
# only_load_props): one SELECT of those columns, with the primary key added when a relationship is
# named (#8703), other expired attributes staying expired; each named relationship is loaded at once
# (strategies.py LazyLoader.create_row_processor: _is_user_refresh -> the immediate loader).
# Only one relationship is named per refresh here: with several, SQLAlchemy loads them in the order of
# a set of properties (docs/divergences.md). (fuzzer seeds 6005, 6070, 6074)
employee3 = Employee(name='zed', salary=0.75)
session.add(employee3)
session.flush()
session.refresh(employee3, ['reports'])
print(employee3.reports)
print(inspect(employee3).expired_attributes)
d = session.get(Department, 3)
session.refresh(d, ['name', 'employees'])
print(d.employees)
d.name = 'changed'
session.refresh(d, ['employees'])
print(d.name)
e = session.get(Employee, 1)
session.refresh(e, ['department', 'title'])
print(e.department.name)
session.refresh(e, ['salary'])
session.refresh(e, ['badge'])
print(e.badge)
session.commit()
