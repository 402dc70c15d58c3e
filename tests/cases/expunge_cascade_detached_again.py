# schema: shop
# setup: shop_rows
# Session.expunge() detaches the object and everything its expunge cascade reaches, reporting each as
# persistent -> detached, even one expunged before that is still in a loaded collection
# (session.py _expunge_states -> state.py InstanceState._detach_states, which does not check that a
# state is still attached). (fuzzer seed 6013)
item1 = session.get(Item, 4)
order1 = session.get(Order, 2)
order1.items.append(item1)
session.expunge(item1)
session.expunge(order1)
print(inspect(item1).detached, inspect(order1).detached)
