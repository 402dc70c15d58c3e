# from test/orm/test_cascade.py O2MCascadeDeleteOrphanTest.test_delete_unloaded_collections
# schema: cascade_o2m
# Unloaded collections are loaded and included in the delete cascade.
with Session() as sess:
    u = User(name="jack", addresses=[Address(email_address="address1"), Address(email_address="address2")])
    sess.add(u)
    sess.flush()
    sess.expunge_all()
    print(sess.execute(select(func.count("*")).select_from(Address)).scalar())
    u = sess.get(User, u.id)
    print("addresses" in inspect(u).unloaded)
    sess.delete(u)
    sess.flush()
    print(sess.execute(select(func.count("*")).select_from(Address)).scalar())
    print(sess.execute(select(func.count("*")).select_from(User)).scalar())
