# schema: shop
# setup: shop_rows
# Setting a many-to-one reads the old value without SQL (PASSIVE_NO_FETCH): the object its
# foreign key names is taken from the identity map only if it is not expired
# (loading.get_from_identity returns PASSIVE_NO_RESULT for an expired one). So after
# expire_all(), `item.order = order` with the same order is a change: the backref queues the
# item on the order's unloaded collection and the order is modified; its flush has nothing to
# UPDATE and loads its expired key at the end. Fuzz finding bulk_insert_many|ops|-SELECT orders
# (seed 92053).
item = session.get(Item, 2)
session.delete(item)
order = session.get(Order, 1)
session.expire_all()
item.order = order
print(len(session.dirty), inspect(order).modified)
session.execute(insert(Order), [{'status': 'ed'}, {'status': 'jack', 'note': 'x'}])
item3 = session.get(Item, 3)
order3 = session.get(Order, item3.order_id)
session.expire_all()
item3.order = order3
print(len(session.dirty))
session.flush()
print(item3.order is order3, len(session.dirty))
