# schema: types
# Python-side defaults go into the INSERT; server defaults are not sent, are expired after
# the INSERT and loaded on first access; defaults are not applied to the object before flush.
p = Product(name="gizmo")
print(p.price, p.qty, p.status)
session.add(p)
session.flush()
sorted(inspect(p).expired_attributes)
p.price
p.status
p.created
p
c = Counter(name="hits", value=5)
session.add(c)
session.commit()
c.value
