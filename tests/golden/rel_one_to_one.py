# schema: shop
o = Order(note="x", shipment=Shipment(carrier="UPS"))
session.add(o)
session.commit()
print(o.shipment.order is o)
o.shipment = Shipment(carrier="DHL")
session.commit()
print(session.execute(select(Shipment.id, Shipment.order_id, Shipment.carrier)).all())
