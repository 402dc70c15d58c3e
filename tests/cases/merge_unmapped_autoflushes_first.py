# schema: shop
# setup: shop_rows
# Session.merge() autoflushes (load=True) before it finds the object unmapped: the pending order is
# inserted, then UnmappedInstanceError; with load=False nothing is flushed. (fuzzer, seed 1252)
missing = session.get(Customer, 99)
order1 = Order(status='mary', note='UPS')
session.add(order1)
session.merge(missing, load=False)
print(inspect(order1).pending)
session.merge(missing)
print(inspect(order1).persistent)
session.merge(5)
session.commit()
