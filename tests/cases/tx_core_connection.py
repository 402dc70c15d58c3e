# schema: blog
# Core connections: engine.begin() commits its block, a block that raises is rolled back, and connect() without commit() rolls back at close.
with engine.begin() as c:
    r = c.execute(insert(User).values(name="committed"))
try:
    with engine.begin() as c:
        r = c.execute(insert(User).values(name="rolled back"))
        raise ValueError("stop")
except ValueError:
    print("block raised")
c = engine.connect()
r = c.execute(text("INSERT INTO users (name) VALUES (:n)"), {"n": "never committed"})
c.close()
print(session.scalars(select(User.name).order_by(User.id)).all())
