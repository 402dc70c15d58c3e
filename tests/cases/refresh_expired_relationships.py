# schema: shop
# setup: shop_rows
# inspect(obj).expired_attributes after a refresh: refresh() expires every attribute, then loads
# through load_on_ident and _commit_all, which forgets only the names now loaded; a lazy
# relationship stays expired (an attribute access, state._load_expired, clears them all). A
# populate_existing query resets each lazy relationship (LazyLoader's reset_for_lazy_callable),
# so none stays. Fuzz finding print_expired|out|value/value (seed 91024).
item2 = Item(sku='UPS', qty=11, order_id=3)
session.add(item2)
customer1 = session.scalars(select(Customer).where(Customer.id != 3).order_by(Customer.id)).first()
session.refresh(item2)
print(sorted(inspect(item2).expired_attributes))
item3 = session.get(Item, 1)
session.commit()
x = session.scalars(select(Item).where(Item.id == 1)).all()
print(sorted(inspect(item3).expired_attributes))
session.commit()
x = session.scalars(select(Item).where(Item.id == 1).execution_options(populate_existing=True)).all()
print(sorted(inspect(item3).expired_attributes))
o = session.get(Order, 1)
session.commit()
o.status
print(sorted(inspect(o).expired_attributes))
session.refresh(o)
print(sorted(inspect(o).expired_attributes))
session.expire(o, ['items', 'status'])
print(sorted(inspect(o).expired_attributes))
session.refresh(o, ['status'])
print(sorted(inspect(o).expired_attributes))
o.items
print(sorted(inspect(o).expired_attributes))
