# from test/orm/test_cascade.py M2OCascadeDeleteOrphanTestOne.test_orphan
# schema: cascade_m2o
# setup: cascade_m2o_rows
# Setting a delete-orphan many-to-one to None deletes the old target and cascades to its children.
sess = Session()
print(sess.execute(select(func.count("*")).select_from(Pref)).scalar())
jack = sess.query(User).filter_by(name="jack").one()
jack.pref = None
sess.flush()
print(sess.execute(select(func.count("*")).select_from(Pref)).scalar())
print(sess.execute(select(func.count("*")).select_from(Extra)).scalar())
