# schema: shop
# setup: shop_rows
# refresh() autoflushes inside its load, after it knows the columns to load: when that flush itself
# reloads the expired object, the refresh's SELECT is still sent, as SQLAlchemy's load_on_ident does.
# (fuzzer, seed 1147)
item2 = session.scalars(select(Item).where(Item.id == 2)).one_or_none()
order1 = Order(status='orm', note='mary', items=[item2])
session.add(order1)
session.refresh(item2)
print(item2.order_id == order1.id, inspect(item2).expired_attributes)
session.refresh(order1)
print(order1.status, len(order1.items))
session.commit()
