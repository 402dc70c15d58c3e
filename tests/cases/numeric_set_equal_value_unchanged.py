# schema: shop
# setup: shop_rows
# A column's history compares the new value with the loaded one by the type's compare_values,
# Python's ==: 0.75 == Decimal('0.75') and 1.0 == 1 are no change (no UPDATE), while
# 0.2 != Decimal('0.20') (a Decimal compares exactly with a float) is one.
# Fuzz finding with_nested|ops|params (seed 95005, PostgreSQL and MariaDB; also on SQLite).
i = session.get(Item, 2)
i.price = 0.75
print(inspect(i).attrs.price.history)
i.qty = 1.0
print(inspect(i).attrs.qty.history)
print(session.is_modified(i))
j = session.get(Item, 3)
j.price = 0.2
print(inspect(j).attrs.price.history)
session.flush()
print(0.2 == j.price, 0.75 == i.price, i.price == 0.75)
session.rollback()
print(session.scalars(select(Item.price).order_by(Item.id)).all())
