# from test/orm/test_cascade.py M2MCascadeTest.test_delete_orphan
# schema: cascade_m2m
# Removing an item from a many-to-many with delete-orphan deletes the association row and the item.
sess = Session()
b1 = B(data="b1")
a1 = A(data="a1", bs=[b1])
sess.add(a1)
sess.flush()
a1.bs.remove(b1)
sess.flush()
print(sess.execute(text("SELECT COUNT(*) FROM atob")).scalar())
print(sess.execute(select(func.count("*")).select_from(B)).scalar())
print(sess.execute(select(func.count("*")).select_from(A)).scalar())
