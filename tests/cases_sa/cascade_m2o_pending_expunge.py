# from test/orm/test_cascade.py M2OCascadeDeleteOrphanTestOne.test_pending_expunge
# schema: cascade_m2o
# Replacing a pending many-to-one target (delete-orphan) expunges it.
sess = Session()
someuser = User(name="someuser")
sess.add(someuser)
sess.flush()
someuser.pref = p1 = Pref(data="somepref")
print(p1 in sess)
someuser.pref = Pref(data="someotherpref")
print(p1 in sess)
sess.flush()
print([p.data for p in sess.query(Pref).filter(with_parent(someuser, User.pref)).all()])
