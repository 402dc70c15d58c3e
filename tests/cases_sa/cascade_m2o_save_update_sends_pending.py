# from test/orm/test_cascade.py M2OCascadeDeleteOrphanTestOne.test_save_update_sends_pending
# schema: cascade_m2o
# add() of a detached user cascades to the old and the new many-to-one target.
sess = Session(expire_on_commit=False)
p1, p2 = Pref(data="p1"), Pref(data="p2")
u = User(name="jack", pref=p1)
sess.add(u)
sess.commit()
sess.close()
u.pref = p2
sess.add(u)
print(p1 in sess, p2 in sess)
sess.commit()
print(sess.scalars(select(Pref.data).order_by(Pref.id)).all())
