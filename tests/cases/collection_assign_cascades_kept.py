# schema: shop
# setup: shop_rows
# Assigning a collection fires append_wo_mutation for the members it keeps
# (collections.bulk_replace): the save-update cascade adds such a member when it is not in the
# session yet (it came into the collection through a backref, which does not cascade in 2.x).
# Fuzz finding with_nested|ops|-INSERT items (seed 93187).
order = Order(status='ed', note='y')
session.add(order)
item = Item(sku='UPS', qty=9, price=10, order=order)
print(item in session)
order.items = [item]
print(item in session)
item2 = Item(sku='B', qty=1, price=1, order=order)
order.items = list(order.items)
print(item2 in session)
session.flush()
print(session.scalars(select(Item.sku).where(Item.order_id == order.id).order_by(Item.id)).all())
