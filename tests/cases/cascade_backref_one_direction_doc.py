# schema: shop
# cascades.rst: save-update cascades along Order.items when appending, not when assigning Item.order (cascade_backrefs gone in 2.0).
o1 = Order(status="x")
session.add(o1)
i1 = Item(sku="A")
o1.items.append(i1)
print(o1 is i1.order, i1 in session)
i2 = Item(sku="B")
i2.order = o1
print(i2 in o1.items, i2 in session)
session.add(i2)
session.commit()
print(session.execute(select(Item.sku, Item.order_id).order_by(Item.id)).all())
