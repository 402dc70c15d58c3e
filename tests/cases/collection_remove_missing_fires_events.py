# schema: shop
# setup: shop_rows
# list.remove() of an object that is not in an instrumented collection: SQLAlchemy fires the remove event
# first (collections.py InstrumentedList.remove -> __del -> fire_remove_event: the parent is modified, the
# backref on the child is unset), then list.remove raises ValueError; a savepoint rollback then expires
# both objects (SessionTransaction._restore_snapshot with dirty_only). (fuzzer seed 6097)
order1 = Order(status='wendy', note='mary')
item1 = Item(sku='zed', qty=13, price=10, order_id=1)
session.add_all([item1, order1])
try:
    with session.begin_nested():
        order1.items.remove(item1)
except ValueError as e:
    print(e)
print(item1.order_id, order1.items)
i2 = session.get(Item, 2)
o1 = session.get(Order, 1)
try:
    o1.items.remove(session.get(Item, 3))
except ValueError as e:
    print(e)
print(session.is_modified(o1))
session.commit()
