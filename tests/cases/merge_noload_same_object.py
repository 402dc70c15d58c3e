# schema: shop
# setup: shop_rows
# merge(obj, load=False) of the object the session already holds: nothing is copied, but its
# history is still removed (Session._merge calls _commit_all outside the `state is not
# merged_state` branch): the one-to-one's old shipment is neither loaded nor detached at the
# flush, and a changed column is not written. (fuzzer seed 20200)
order2 = session.get(Order, 1)
shipment7 = Shipment(order=order2)
session.add(shipment7)
order2.note = 'changed'
order3 = session.merge(order2, load=False)
print(order3 is order2, order2 in session.dirty, session.is_modified(order2))
session.commit()
print(session.scalars(select(Shipment.order_id).order_by(Shipment.id)).all())
print(session.scalar(select(Order.note).where(Order.id == 1)))
