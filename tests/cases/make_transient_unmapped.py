# schema: shop
# setup: shop_rows
# make_transient()/make_transient_to_detached() read instance._sa_instance_state unguarded (AttributeError),
# while object_session() and the Session's methods say UnmappedInstanceError. (fuzzer, seeds 1003 and 1012)
order = session.get(Order, 99)
make_transient(order)
make_transient_to_detached(order)
make_transient(5)
object_session(order)
session.add(order)
o = session.get(Order, 1)
make_transient(o)
print(inspect(o).transient)
