# schema: hr
# setup: hr_rows
# A join from an entity to itself along a self-referential relationship needs an alias: SQLAlchemy
# raises InvalidRequestError "Can't construct a join from Mapper[Employee(employees)] to
# Mapper[Employee(employees)], they are the same entity" when the statement compiles (after the
# session's BEGIN), not when it is built. With aliased() it works. (fuzzer seed 6047)
stmt = select(Employee).join(Employee.reports).order_by(Employee.id).limit(2)
try:
    session.scalars(stmt).all()
except Exception as e:
    print(type(e).__name__, e)
m = aliased(Employee)
session.scalars(select(m).join(m.reports).order_by(m.id)).all()
