# schema: shop
o = Order(note="x", items=[Item(sku="A"), Item(sku="B")])
session.add(o)
session.commit()
a = o.items[0]
o.items.remove(a)
print(a.order, inspect(a).persistent)
session.commit()
print(inspect(a).detached, [i.sku for i in o.items])
