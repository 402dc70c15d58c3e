# from test/orm/test_merge.py MergeTest.test_no_load_disallows_dirty
# schema: fixtures
# merge(load=False) of a dirty object raises InvalidRequestError; of a clean one it is clean in the new session.
with Session(expire_on_commit=False) as sess:
    u = User()
    u.id = 7
    u.name = "fred"
    sess.add(u)
    sess.commit()
u.name = "ed"
sess2 = Session()
try:
    sess2.merge(u, load=False)
except Exception as e:
    print(type(e).__name__)
u2 = sess2.get(User, 7)
sess3 = Session()
u3 = sess3.merge(u2, load=False)
print(len(sess3.dirty))
sess3.flush()
