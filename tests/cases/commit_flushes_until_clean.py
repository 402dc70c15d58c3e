# schema: shop
# setup: shop_rows
# commit() flushes until the session is clean (SessionTransaction._prepare_impl, at most 100
# flushes). A deleted item put in a new order's collection is saved by the first flush
# (OneToManyDP.presort_saves registers it with cancel_delete) and stays in Session.deleted, so the
# commit's second flush DELETEs it. Fuzz finding commit|ops|-DELETE items (seed 91105).
order1 = Order(status='jack', note='orm', customer_id=2)
item1 = session.get(Item, 1)
item1.order = order1
session.delete(item1)
print(item1 in session.deleted)
session.commit()
print(inspect(item1).detached, inspect(item1).deleted)
print(session.execute(select(Item.id, Item.order_id).order_by(Item.id)).all())
# a flush alone leaves it deleted-pending
order2 = Order(status='x', customer_id=1)
item2 = session.get(Item, 2)
item2.order = order2
session.delete(item2)
session.flush()
print(item2 in session.deleted, inspect(item2).persistent)
session.commit()
print(session.execute(select(Item.id, Item.order_id).order_by(Item.id)).all())
