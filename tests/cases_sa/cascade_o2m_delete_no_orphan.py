# from test/orm/test_cascade.py O2MCascadeDeleteNoOrphanTest.test_cascade_delete_noorphans
# schema: fixtures_cascade
# Deleting a user removes its addresses (cascade all); an address removed first is kept with a NULL user_id.
sess = Session()
u = User(name="jack", addresses=[Address(email_address="a1"), Address(email_address="a2")])
sess.add(u)
sess.flush()
sess.delete(u)
sess.flush()
print(sess.execute(select(func.count("*")).select_from(User)).scalar())
print(sess.execute(select(func.count("*")).select_from(Address)).scalar())
