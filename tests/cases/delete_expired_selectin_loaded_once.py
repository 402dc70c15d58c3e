# schema: shop
# setup: shop_rows
# Deleting an object that was loaded with selectinload and expired by commit(): the flush reads
# the expired collection through `state._load_expired`, which reloads the object with its load
# options (the selectinload acting as the immediate loader): one SELECT of the orders, not a
# second lazy load. Fuzz finding flush|ops|params (seed 93100).
customer = session.scalars(select(Customer).join(Customer.orders).where(Order.id != 2).options(selectinload(Customer.orders)).order_by(Customer.id)).first()
session.commit()
session.delete(customer)
session.flush()
print(session.scalars(select(Order.customer_id).order_by(Order.id)).all())
