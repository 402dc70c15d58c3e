# from test/orm/test_transaction.py AccountingFlagsTest.test_no_expire_on_commit
# schema: fixtures_cascade
# expire_on_commit=False keeps the old value after commit until expire_all().
sess = Session(expire_on_commit=False)
u1 = User(name="ed")
sess.add(u1)
sess.commit()
r = sess.execute(update(User.__table__).where(User.__table__.c.name == "ed").values(name="edward"))
print(u1.name)
sess.expire_all()
print(u1.name)
