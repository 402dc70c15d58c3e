# schema: types
# setup: types_rows
# Bind processors check a value's Python type before any SQL (sql/sqltypes.py): Boolean's
# _strict_as_bool raises TypeError for a str (every backend), wrapped as StatementError by
# the flush; 0 and 1 are accepted. (On SQLite, Float/Numeric convert with float() and
# Date/DateTime take only date objects: dialects/sqlite/base.py; the last four attempts; PostgreSQL and MariaDB take them or refuse them on the server.)
try:
    session.add(Product(name="a", in_stock="yes"))
    session.flush()
    print("stored")
except Exception as e:
    print(type(e).__name__)
session.rollback()
try:
    session.add(Product(name="b", in_stock=1))
    session.flush()
    print("stored")
except Exception as e:
    print(type(e).__name__)
session.rollback()
try:
    session.add(Product(name="c", price="1.5"))
    session.flush()
    print("stored")
except Exception as e:
    print(type(e).__name__)
session.rollback()
p = session.get(Product, 1)
p.in_stock = "no"
try:
    session.flush()
except Exception as e:
    print(type(e).__name__)
session.rollback()
print(session.get(Product, 1).in_stock)
try:
    session.add(Product(name="d", weight="heavy"))
    session.flush()
    print("stored")
except Exception as e:
    print(type(e).__name__)
session.rollback()
try:
    session.add(Product(name="e", price="cheap"))
    session.flush()
    print("stored")
except Exception as e:
    print(type(e).__name__)
session.rollback()
try:
    session.add(Product(name="f", released="2024-01-01"))
    session.flush()
    print("stored")
except Exception as e:
    print(type(e).__name__)
session.rollback()
try:
    session.add(Product(name="g", created="2024-01-01 10:00:00"))
    session.flush()
    print("stored")
except Exception as e:
    print(type(e).__name__)
session.rollback()
