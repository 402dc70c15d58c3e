# from test/orm/test_cascade.py M2OCascadeDeleteOrphanTestOne.test_cascade_on_deleted
# schema: cascade_m2o
# A plain many-to-one set to None on an expired object, then add(): commit succeeds.
sess = Session(expire_on_commit=True)
u1 = User(name="jack", foo=Foo(data="f1"))
sess.add(u1)
sess.commit()
u1.foo = None
print(inspect(u1).attrs.foo.history)
sess.add(u1)
print(u1 in sess)
sess.commit()
print(u1.foo_id)
