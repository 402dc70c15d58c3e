# schema: shop
# Column.__repr__ (type, ForeignKey, table, primary_key, nullable, default), Column.foreign_keys,
# ForeignKey.column/.parent, mapper.primary_key, attrs.items is the method (AttributeError on .direction),
# type attributes length/precision/scale.
print(repr(Customer.__table__.c.id))
print(repr(Order.__table__.c.customer_id))
print(repr(Order.__table__.c.status))
print(repr(Item.__table__.c.price))
print(list(Item.__table__.c)[1:3])
print(Order.__table__.c.customer_id.foreign_keys)
fk = list(Order.__table__.c.customer_id.foreign_keys)[0]
print(fk.column, fk.parent, fk.target_fullname)
print(inspect(Order).primary_key)
print(inspect(Order).relationships.items.direction)
print(Order.__table__.c.status.type.length, Item.__table__.c.price.type.precision, Item.__table__.c.price.type.scale)
