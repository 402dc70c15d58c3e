# from test/orm/test_session.py SessionUtilTest.test_get_one_2
# schema: fixtures
# get_one() of a missing key raises NoResultFound.
sess = Session()
user1 = User(id=1, name="u1")
sess.add(user1)
sess.commit()
u1 = sess.get_one(User, user1.id)
print(user1.name == u1.name)
try:
    sess.get_one(User, 2)
except Exception as e:
    print(type(e).__name__)
