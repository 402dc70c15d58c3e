# from test/orm/test_cascade.py M2MCascadeTest.test_cascade_delete
# schema: cascade_m2m
# delete() of A cascades over the many-to-many to B and removes the association row.
sess = Session()
a1 = A(data="a1", bs=[B(data="b1")])
sess.add(a1)
sess.flush()
sess.delete(a1)
sess.flush()
print(sess.execute(text("SELECT COUNT(*) FROM atob")).scalar())
print(sess.execute(select(func.count("*")).select_from(B)).scalar())
print(sess.execute(select(func.count("*")).select_from(A)).scalar())
