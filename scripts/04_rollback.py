# schema: shop
# Rolling back: what the ORM undoes besides the database.
#
# Watch: objects added in the rolled-back transaction go back to transient,
# objects deleted in it come back to persistent, and every persistent object
# is expired so its next read shows the database's (old) values.

from sqlalchemy.exc import IntegrityError

c = Customer(name="alice", email="alice@example.com")
session.add(c)
session.commit()
print("committed:", inspect(c).persistent)

# Changes in the new transaction.
c.email = "wrong@example.com"
o = Order(note="first order")
# Appending to c.orders cascades the order into the session ("save-update"
# cascade of Customer.orders). Setting o.customer = c instead would NOT add it:
# since SQLAlchemy 2.0 the reverse direction does not cascade.
c.orders.append(o)
print("cascade put the order in the session:", o in session.new, "| o.customer is c:", o.customer is c)
session.flush()
print("order id after flush:", o.id, "| status default applied:", o.status)

session.rollback()
print("the order is transient again:", inspect(o).transient, "| id:", o.id)
print("the customer is expired:", sorted(inspect(c).expired_attributes))
print("email reloaded from the database:", c.email)

# An unflushed delete() is simply forgotten by a rollback.
session.delete(c)
print("marked for deletion:", c in session.deleted)
session.rollback()
print("still here:", inspect(c).persistent, c in session.deleted)

# An error inside a transaction: the session must be rolled back before it
# can be used again.
session.add(Customer(name="alice"))
try:
    session.flush()
except IntegrityError as e:
    print("flush failed:", type(e).__name__)
print("active:", session.is_active)
session.rollback()
print("after rollback, active:", session.is_active)
session.scalars(select(Customer.name)).all()
