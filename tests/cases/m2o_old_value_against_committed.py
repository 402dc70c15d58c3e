# schema: hr
# setup: hr_rows
# Setting a many-to-one finds its old value against the committed foreign key (attributes.py
# ScalarObjectAttributeImpl.set with LOAD_AGAINST_COMMITTED): on a pending object whose key was set but
# never committed the old value is None, so no backref is fired at the object the key points to and
# that object is not loaded at the flush. (fuzzer seed 6002)
badge1 = session.get(Badge, 1)
e1 = session.get(Employee, 1)
badge1.employee = None
session.commit()
badge2 = session.merge(badge1)
print(inspect(e1).expired)
try:
    session.scalars(select(Department).order_by(Department.id).limit(1)).all()
except Exception as e:
    print(type(e).__name__)
session.rollback()
b = Badge(code='x1')
b.employee_id = 2
b.employee = None
session.add(b)
print(b.employee_id)
session.rollback()
