# schema: shop
c = Customer(name="alice", orders=[Order(note="1"), Order(note="2")])
session.add(c)
session.commit()
session.close()
c = session.get(Customer, 1)
session.delete(c)
session.commit()
print(session.execute(select(Order.id, Order.customer_id)).all())
