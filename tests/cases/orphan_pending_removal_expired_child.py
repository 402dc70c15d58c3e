# schema: shop
# setup: shop_rows
# Setting an item's order to None removes it from the order's unloaded items collection as a
# pending mutation and marks it as having no parent; expiring the item forgets that hasparent
# record (InstanceState._expire deletes `parents`) and its own change, but the order stays
# modified. The flush reads the order's items history with INCLUDE_PENDING_MUTATIONS
# (OneToManyDP.presort_saves): the removed item has no parent, so delete-orphan DELETEs it
# (its expired key loaded first). Fuzz finding rows_join|ops|-DELETE items (seed 88045).
order = session.get(Order, 1)
item = session.scalars(select(Item).where(Item.id == 1)).first()
item.order = None
session.expire(item)
print(len(session.dirty))
rows = session.execute(select(Item.id, Order.status).join(Item.order).order_by(Item.id, Order.id)).all()
print(rows)
print(inspect(item).deleted)
print(len(order.items))
