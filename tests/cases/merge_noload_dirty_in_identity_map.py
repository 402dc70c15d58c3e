# schema: shop
# setup: shop_rows
# merge(load=False) refuses a dirty object only when no object with its key is in the identity map yet; merging a dirty object already there (itself) returns it (found by tests/fuzz/session_fuzz.py, signature merge_noload|out|-/InvalidRequestError; SQLAlchemy's Session._merge checks state.modified in its `merged is None` branch).
o3 = session.get(Order, 3)
session.expunge(o3)
o3.status = 'x'
session.merge(o3, load=False)
print(o3 in session)
order2 = session.get(Order, 1)
shipment7 = Shipment(order=order2)
session.add(shipment7)
order3 = session.merge(order2, load=False)
print(order3 is order2)
order2.note = 'changed'
order4 = session.merge(order2, load=False)
print(order4 is order2, order4.note)
