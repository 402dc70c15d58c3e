# schema: shop
# setup: shop_rows
# Written from SQLAlchemy's documentation by the lead (session 10); agreed with SQLAlchemy on first run, kept as a guard.
o1 = session.get(Order, 1)
o2 = session.get(Order, 2)
it = o1.items[0]
o2.items.append(it)
print(it.order is o2, it in o1.items)
session.flush()
print(session.scalar(select(Item.order_id).where(Item.id == it.id)))
it2 = o1.items[0]
o1.items.remove(it2)
print(inspect(it2).persistent)
session.flush()
print(inspect(it2).deleted, inspect(it2).was_deleted)
session.commit()
print(inspect(it2).detached, session.scalar(select(func.count(Item.id))))
