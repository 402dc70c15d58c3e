# from test/orm/test_cascade.py M2OCascadeDeleteOrphanTestOne.test_double_assignment
# schema: cascade_m2o
# setup: cascade_m2o_rows
# Assigning the same new many-to-one target twice keeps it; the old one is deleted as an orphan.
sess = Session()
jack = sess.query(User).filter_by(name="jack").one()
newpref = Pref(data="newpref")
jack.pref = newpref
jack.pref = newpref
sess.flush()
print([p.data for p in sess.query(Pref).order_by(Pref.id).all()])
