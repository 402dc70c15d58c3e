# from test/orm/test_session.py SessionStateTest.test_add_delete
# schema: fixtures_cascade
# delete() of a transient raises; re-add of a modified detached object makes it dirty; delete() of a detached object re-attaches it.
s = Session()
user = User(name="u1")
try:
    s.delete(user)
except Exception as e:
    print(type(e).__name__)
s.add(user)
s.commit()
user = s.query(User).one()
s.expunge(user)
print(user in s)
user.name = "fred"
s.add(user)
print(user in s, user in s.dirty)
s.commit()
print(s.query(User).count())
user = s.query(User).one()
print(user.name)
s.expunge_all()
print(user in s)
s.add(user)
print(user in s, user in s.dirty)
s2 = Session()
try:
    s2.delete(user)
except Exception as e:
    print(type(e).__name__)
u2 = s2.get(User, user.id)
s2.expunge(u2)
try:
    s.delete(u2)
except Exception as e:
    print(type(e).__name__)
s.expire(user)
s.expunge(user)
print(user in s)
s.delete(user)
print(user in s)
s.flush()
print(user in s)
print(s.query(User).count())
