# schema: shop
# setup: shop_rows
# merge() of a transient object reads its identity key through the attributes
# (Mapper._identity_key_from_state): a primary key that was expired by a rollback (the object
# was flushed in a savepoint that rolled back, then the session rolled back) would have to be
# loaded, which an object outside a session cannot do: DetachedInstanceError.
# Fuzz finding merge|states|transient>pending (seed 88057).
item = Item(sku='wendy', qty=14, price=2.5, order_id=2)
session.add(item)
try:
    with session.begin_nested():
        item.order = None
except Exception as e:
    print(type(e).__name__)
session.rollback()
print(inspect(item).transient, sorted(inspect(item).unloaded))
try:
    session.merge(item)
except Exception as e:
    print(type(e).__name__)
print(len(session.new))
