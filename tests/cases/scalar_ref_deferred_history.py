# schema: shop
# setup: shop_rows
# A one-to-one reference (Order.shipment, a one-to-many with uselist=False) set without its old value loaded:
# SQLAlchemy sends no SELECT at the set (_deferred_history) and loads the old value when the flush asks for
# its history, then de-associates it. (fuzzer seeds 1039, 1127, 1165, 1166)
order1 = session.get(Order, 1)
order1.shipment = None
print(inspect(order1).modified)
session.flush()
order2 = session.get(Order, 2)
s = Shipment(carrier='new')
order2.shipment = s
session.commit()
print(session.scalars(select(Shipment.order_id).order_by(Shipment.id)).all())
order3 = session.get(Order, 3)
old = order3.shipment
order3.shipment = Shipment(carrier='x')
print(old is None or old.order is None)
session.commit()
order1 = session.get(Order, 1)
order1.shipment = Shipment(carrier='h')
print(inspect(order1).attrs.shipment.history.deleted)
order4 = session.get(Order, 2)
order4.shipment = None
print(inspect(order4).attrs.shipment.history)
session.commit()
print(session.scalars(select(Shipment.order_id).order_by(Shipment.id)).all())
