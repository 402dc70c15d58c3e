# schema: types
# Python defaults fill the INSERT; server defaults come back; types round-trip (Decimal, bool, float, date, datetime).
import datetime
from decimal import Decimal
p = Product(name="widget", price=Decimal("9.99"), weight=1.5, released=datetime.date(2024, 2, 29), created=datetime.datetime(2024, 1, 2, 3, 4, 5))
session.add(p)
session.commit()
print(p.price, p.in_stock, p.qty, p.weight, p.status, p.released, p.created)
print(repr(p.price), repr(p.created))
c = Counter(name="c")
session.add(c)
session.flush()
print(c.value)
c.value = c.value + 5
session.commit()
print(c.value, session.scalar(select(Product.in_stock).where(Product.name == "widget")))
