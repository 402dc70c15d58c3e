# schema: shop
# setup: shop_rows
# contains_eager with an aliased target (of_type/alias=), contains_eager chains, joined one-to-one with selectin, and conflicting strategies for one relationship.
o = aliased(Order)
stmt = select(Customer).join(Customer.orders.of_type(o)).options(contains_eager(Customer.orders, alias=o)).order_by(Customer.id, o.id)
cs = session.scalars(stmt).unique().all()
print([(c.name, [x.id for x in c.orders]) for c in cs])
session.expunge_all()
stmt = select(Item).join(Item.order).join(Order.customer).options(contains_eager(Item.order).contains_eager(Order.customer)).order_by(Item.id)
items = session.scalars(stmt).all()
print([(i.sku, i.order.id, i.order.customer.name) for i in items])
session.expunge_all()
orders = session.scalars(select(Order).options(joinedload(Order.shipment), selectinload(Order.items)).order_by(Order.id)).all()
print([(o.id, o.shipment.carrier if o.shipment else None, len(o.items)) for o in orders])
session.expunge_all()
cs = session.scalars(select(Customer).options(selectinload(Customer.orders).joinedload(Order.items), lazyload(Customer.orders))).all()
print(sorted(len(c.orders) for c in cs))
