# schema: shop
# setup: shop_rows
# After a failed flush, rollback() with changes made since (not _is_clean) restores the snapshot a second time from what the transaction recorded: an object its earlier flush inserted goes pending -> transient again (already transient), one it deleted deleted -> persistent again (found by tests/fuzz/session_fuzz.py, signature rollback|states|pending>transient; SQLAlchemy's SessionTransaction.rollback and _restore_snapshot, InstanceState._detach_states).
customer1 = Customer(name='name1', email=None)
session.add(customer1)
item3 = session.get(Item, 3)
session.delete(item3)
session.flush()
item1 = session.get(Item, 2)
item1.order = None
session.flush()
print(inspect(customer1).transient, inspect(item3).persistent)
session.delete(item1)
session.rollback()
print(inspect(customer1).transient, inspect(item1).persistent, inspect(item3).persistent)
session.add(customer1)
session.flush()
item4 = session.get(Item, 4)
item4.order = None
session.flush()
session.rollback()
print(inspect(customer1).transient)
print(session.execute(select(Item.id, Item.order_id).order_by(Item.id)).all())
