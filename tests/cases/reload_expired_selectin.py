# schema: shop
# setup: shop_rows
# Reloading an expired object runs with the options it was loaded with (state.load_options);
# under refresh_state a selectinload acts as the immediate loader: after the object's SELECT, its
# expired relationship is loaded at once with the lazy loader's query (get(), attribute access and
# refresh() alike). Relationships loaded since the expiry are not reloaded. Fuzz finding
# get|ops|-SELECT orders (seed 91132).
session.scalars(select(Customer).options(selectinload(Customer.orders)).order_by(Customer.id)).all()
session.commit()
customer2 = session.get(Customer, 2)
print(sorted(inspect(customer2).unloaded))
customer1 = session.get(Customer, 1)
print(customer1.name, len(customer1.orders))
session.refresh(customer1)
print(sorted(inspect(customer1).unloaded))
session.expire(customer1, ['name'])
print(customer1.name)
o = session.scalars(select(Order).where(Order.id == 1).options(selectinload(Order.items), lazyload(Order.shipment))).one()
session.commit()
print(o.status, sorted(inspect(o).unloaded))
