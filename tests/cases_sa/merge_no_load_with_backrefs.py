# from test/orm/test_merge.py MergeTest.test_no_load_with_backrefs
# schema: fixtures
# merge(load=False) populates both directions of a backref without a load; an expired reference loads lazily.
u = User(id=7, name="fred", addresses=[Address(email_address="ad1"), Address(email_address="ad2")])
sess = Session()
sess.add(u)
sess.flush()
sess.close()
sess = Session()
u2 = sess.merge(u, load=False)
print("user" in inspect(u2.addresses[1]).unloaded)
print(u2.addresses[1].user.name)
sess.expire(u2.addresses[1], ["user"])
print("user" in inspect(u2.addresses[1]).unloaded)
sess.close()
sess = Session()
u = sess.merge(u2, load=False)
print("user" in inspect(u.addresses[1]).unloaded)
print(u.addresses[1].user.name)
