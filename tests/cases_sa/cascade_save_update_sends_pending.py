# from test/orm/test_cascade.py O2MCascadeDeleteOrphanTest.test_save_update_sends_pending
# schema: cascade_o2m
# add() of a detached parent cascades to the appended and the removed children.
sess = Session(expire_on_commit=False)
o1, o2, o3 = (Order(description="o1"), Order(description="o2"), Order(description="o3"))
u = User(name="jack", orders=[o1, o2])
sess.add(u)
sess.commit()
sess.close()
u.orders.append(o3)
u.orders.remove(o1)
sess.add(u)
print(o1 in sess, o2 in sess, o3 in sess)
sess.commit()
print(sess.scalars(select(Order.description).order_by(Order.id)).all())
