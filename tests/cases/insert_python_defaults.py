# schema: hr
# setup: hr_rows
# A column's Python-side default goes into Core and ORM-enabled INSERTs where a row leaves the column out (or, in ORM bulk INSERT, gives None): Employee.title defaults to 'staff' (found by tests/fuzz/session_fuzz.py, signature bulk_insert_many|ops|params; SQLAlchemy's crud.py _append_param_insert_hasdefault).
session.execute(insert(Employee), [{'name': 'a', 'title': 'x'}, {'name': 'b', 'salary': 2.5}])
session.execute(insert(Employee), [{'name': 'c'}])
session.execute(insert(Employee).values(name='d'))
session.execute(insert(Employee), [{'name': 'e', 'title': None}, {'name': 'f', 'title': None}])
session.commit()
with engine.begin() as conn:
    conn.execute(insert(Employee.__table__).values(name='i'))
    conn.execute(insert(Employee.__table__), [{'name': 'j'}, {'name': 'k'}])
print(session.execute(select(Employee.name, Employee.title).where(Employee.id > 3).order_by(Employee.id)).all())
