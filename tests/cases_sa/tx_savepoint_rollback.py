# from test/orm/test_transaction.py SavepointTest.test_savepoint_rollback
# schema: fixtures_cascade
# Changes and new objects of a savepoint are undone by its rollback; the earlier ones commit.
s = Session()
u1 = User(name="ed")
u2 = User(name="jack")
s.add_all([u1, u2])
nt1 = s.begin_nested()
u3 = User(name="wendy")
u4 = User(name="foo")
u1.name = "edward"
u2.name = "jackward"
s.add_all([u3, u4])
print(s.query(User.name).order_by(User.id).all())
nt1.rollback()
print(u1.name, u2.name)
print(s.query(User.name).order_by(User.id).all())
s.commit()
print(u1.name, u2.name)
print(s.query(User.name).order_by(User.id).all())
