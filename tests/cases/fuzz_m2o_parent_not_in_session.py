# schema: shop
# setup: shop_rows
# A many-to-one set (through a backref) to a transient object that never joins the session: the flush leaves the foreign key alone (found by tests/fuzz/session_fuzz.py; SQLAlchemy's ManyToOneDP._synchronize "not in session, add operation ... won't proceed").
o = session.get(Order, 3)
c = Customer(name='n1', orders=[o])
print(o.customer is c, o in session.dirty)
session.flush()
print(o.customer_id, c in session, inspect(c).transient)
session.add(c)
session.flush()
print(o.customer_id == c.id, inspect(c).persistent)
session.commit()
print(session.execute(select(Order.id, Order.customer_id).order_by(Order.id)).all())
