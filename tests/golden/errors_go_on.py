# schema: blog
# Errors are reported with their type and message and the script goes on; try/except catches
# by class and base class.
print("start")
undefined_name
1 / 0
User(nosuch=1)
session.get(User, 1).name
[1, 2][5]
{"a": 1}["b"]
assert 1 == 2, "not equal"
u = User(name="ed")
u.nosuch
session.scalars(select(User).where(User.id == 1)).one()
from sqlalchemy.exc import SQLAlchemyError
try:
    session.execute(text("SELEKT 1"))
except SQLAlchemyError as e:
    print("caught", type(e).__name__)
try:
    session.scalars(select(User)).one()
except Exception as e:
    print("caught", type(e).__name__, e)
session.expunge(u)
print("end")
