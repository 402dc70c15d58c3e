# schema: shop
# setup: shop_rows
# A one-to-one (Order.shipment, uselist=False) and its many-to-one backref (Shipment.order) left
# pointing at different objects by a chain of backref replaces: both write shipments.order_id, in
# the order of their _ProcessAll sort keys ("Order_shipment" before "Shipment_order"), so the
# many-to-one's value stays. Fuzz finding select_one|ops|params (seed 91078).
shipment1 = Shipment()
order1 = Order(status='y', note='new')
shipment1.order = order1
order2 = Order(status='orm', shipment=shipment1)
shipment3 = Shipment(carrier='jack', order=order2)
print(order1.shipment is shipment1, shipment1.order is order2, order2.shipment is shipment3)
session.add(order1)
item1 = session.scalars(select(Item).where(Item.id == 2)).first()
print(shipment1.order_id == order2.id, shipment3.order_id == order2.id)
session.commit()
print(session.execute(select(Shipment.carrier, Shipment.order_id).order_by(Shipment.id)).all())
