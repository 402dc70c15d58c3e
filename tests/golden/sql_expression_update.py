# schema: types
# A SQL expression assigned to an attribute goes into the UPDATE's SET clause; the
# attribute is expired afterwards and the next read loads the computed value.
c = Counter(name="hits", value=10)
session.add(c)
session.commit()
print(c.value)
c.value = Counter.value + 1
inspect(c).modified
session.flush()
sorted(inspect(c).expired_attributes)
c.value
p = Product(name="widget", price=10, qty=3)
session.add(p)
session.flush()
p.qty = Product.qty * 2
p.name = "gadget"
session.flush()
p.qty
p.name
c.value = 100
c.value = Counter.value - 1
session.commit()
c.value
