# schema: blog
# setup: blog_rows
# Session(autobegin=False): add/execute/get/commit/connection raise InvalidRequestError until begin(); rollback() without a transaction is a no-op.
s = Session(autobegin=False)
s.add(User(name="x"))
s.flush()
s.execute(select(User.id))
s.get(User, 1)
s.begin()
print(s.get(User, 1).name)
s.commit()
s.get(User, 2)
print(s.in_transaction())
s.rollback()
s.connection()
with s.begin():
    print(s.scalar(select(func.count(User.id))))
s.commit()
s.scalars(select(User.name))
s.close()
