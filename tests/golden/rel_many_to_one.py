# schema: shop
o = Order(note="rush")
o.customer = Customer(name="carol")
print(o.customer.orders == [o])
session.add(o)
session.commit()
print(o.customer_id == o.customer.id)
o.customer = None
session.commit()
print(o.customer_id)
