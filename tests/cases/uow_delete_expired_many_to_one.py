# schema: shop
# setup: shop_rows
# A deleted object whose columns are expired (after a commit), in a flush that also INSERTs:
# SQLAlchemy's presort asks each many-to-one of a deleted object whether it has changes
# (DependencyProcessor.prop_has_changes, PASSIVE_NO_FETCH_RELATED); the lazy loader needs the
# foreign key for that, so the object's row is SELECTed before the flush's first INSERT, not just
# before its DELETE. Fuzz findings bulk_delete|ops|order (seed 91009), rows_join|ops|order (91056),
# commit|ops|-SELECT items (91117), with_nested|ops|order (91127).
shipment1 = Shipment(id=51, carrier='new')
session.add(shipment1)
item1 = session.get(Item, 4)
session.commit()
session.delete(shipment1)
customer1 = Customer(id=51, name='name1', orders=[Order(status='orm', note='jack')])
session.add(customer1)
session.flush()
session.delete(item1)
session.add(Customer(id=53, name='name3'))
session.flush()
print(sorted(inspect(item1).expired_attributes), item1.order_id)
# loaded foreign key: nothing to SELECT
order1 = session.get(Order, 1)
item2 = session.get(Item, 1)
session.delete(item2)
session.add(Customer(id=52, name='name2'))
session.flush()
session.commit()
print(session.execute(select(Shipment.id)).all(), session.execute(select(Item.id).order_by(Item.id)).all())
