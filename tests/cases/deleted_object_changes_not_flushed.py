# schema: shop
# setup: shop_rows
# An object a flush deleted has left the identity map (IdentityMap._manage_removed_state): changing
# it afterwards makes it neither dirty nor part of the next flush (no UPDATE of the deleted row),
# and a pair appended to its collection writes no association row (m2m_child_outside_session).
# (fuzzer seeds 20122, 20023, 20046, 20169)
order1 = session.get(Order, 1)
session.delete(order1)
session.flush()
order1.customer_id = 2
order1.note = 'changed'
print(inspect(order1).deleted, order1 in session.dirty, len(session.dirty))
session.flush()
session.commit()
print(inspect(order1).detached, session.scalar(select(func.count()).select_from(Order).where(Order.id == 1)))
