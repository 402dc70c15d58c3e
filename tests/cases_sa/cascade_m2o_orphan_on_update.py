# from test/orm/test_cascade.py M2OCascadeDeleteOrphanTestOne.test_orphan_on_update
# schema: cascade_m2o
# setup: cascade_m2o_rows
# The orphan of a detached user is deleted when the user, the orphan and its child are added back and flushed.
sess = Session()
jack = sess.query(User).filter_by(name="jack").one()
p = jack.pref
e = jack.pref.extra[0]
sess.expunge_all()
jack.pref = None
sess.add(jack)
sess.add(p)
sess.add(e)
print(p in sess, e in sess)
sess.flush()
print(sess.execute(select(func.count("*")).select_from(Pref)).scalar())
print(sess.execute(select(func.count("*")).select_from(Extra)).scalar())
