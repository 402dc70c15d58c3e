# schema: types
# setup: types_rows
# Date arithmetic on loaded values (Python datetime, not SQL): date + timedelta(days=30) assigned back is an UPDATE
# of the new date; types round-trip (Decimal, float, date). datetime.timedelta was missing (AttributeError).
import datetime, decimal
p = Product(name="widget2", price=decimal.Decimal("3.10"), weight=2.5, released=datetime.date(2024, 5, 6), notes="n")
session.add(p)
session.commit()
print(type(p.price).__name__, p.price, p.weight, p.released.year, p.released.isoformat())
print(p.in_stock, p.qty, p.status)
p.released = p.released + datetime.timedelta(days=30)
session.commit()
print(p.released)
print(session.scalar(select(func.count()).select_from(Product)))
print(session.scalars(select(Product.name).where(Product.released > datetime.date(2024, 1, 1)).order_by(Product.name)).all())
