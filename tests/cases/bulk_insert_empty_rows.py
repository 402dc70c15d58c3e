# schema: shop
# setup: shop_rows
# ORM bulk INSERT of rows with no values: several at once are an executemany of
# INSERT INTO t (first column) VALUES (DEFAULT) (crud.py _get_crud_params with for_executemany and
# supports_default_metavalue; SQLite's token is NULL); one alone is INSERT ... DEFAULT VALUES.
# Fuzz finding bulk_insert_many|ops|+INSERT None.
session.execute(insert(Shipment), [{}, {}, {'carrier': 'python'}])
session.execute(insert(Shipment), [{}])
session.execute(insert(Shipment), [{'carrier': 'orm'}, {}, {}])
print(session.execute(select(Shipment.id, Shipment.carrier).order_by(Shipment.id.desc()).limit(7)).all())
