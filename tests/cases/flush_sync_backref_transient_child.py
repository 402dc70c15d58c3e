# schema: blog
# setup: blog_rows
# Address(user=user1) with user1.addresses not loaded: the backref queues the append on the
# collection (state._pending_mutations) and the address stays out of the session (no backref
# cascade in 2.x). The next flush reads user1.addresses' history with INCLUDE_PENDING_MUTATIONS
# in presort_saves (warning "not in session, add operation ... will not proceed"), and
# process_saves, given that cached history, still copies user1's key into the address.
# Fuzz finding print_history|out|value/value (seed 91047).
user1 = session.get(User, 1)
address3 = Address(email='UPS', user=user1)
print(inspect(address3).attrs.user_id.history)
session.flush()
print(address3.user_id, address3 in session, inspect(address3).attrs.user_id.history)
user2 = session.get(User, 2)
address4 = Address(email='y', user=user2)
with session.begin_nested():
    session.delete(user2)
    address4.email = 'paid'
print(inspect(address4).attrs.user_id.history, address4 in session)
session.rollback()
print(session.execute(select(Address.id, Address.user_id).order_by(Address.id)).all())
