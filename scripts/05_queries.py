# schema: blog
# Queries, 2.0 style and the legacy Query API.
#
# Watch: each select() is turned into one SELECT; scalars() gives objects,
# execute() gives rows; objects already loaded come back from the identity
# map (no second copy), and autoflush sends pending changes before a query.

session.add_all([
    User(name="ed", fullname="Ed Jones"),
    User(name="wendy", fullname="Wendy Williams"),
    User(name="mary", fullname="Mary Contrary"),
])
session.commit()

# Whole objects, filtered and ordered.
session.scalars(select(User).where(User.name.like("%e%")).order_by(User.name)).all()

# Rows of columns: tuples you can read by name.
for row in session.execute(select(User.id, User.name).order_by(User.id.desc())):
    print(row.id, row.name)

# Aggregates.
print("users:", session.scalar(select(func.count()).select_from(User)))
print("longest name:", session.scalar(select(func.max(func.length(User.name)))))

# one() insists on exactly one row; first() takes the first of any number.
ed = session.scalars(select(User).where(User.name == "ed")).one()
print(session.scalars(select(User).order_by(User.name)).first())

# Autoflush: the pending user is INSERTed before the SELECT runs.
session.add(User(name="jack", fullname="Jack Bean"))
print("count with the pending user:", session.scalar(select(func.count(User.id))))

# The legacy Query API says the same things in the older way.
session.query(User).filter(User.name != "ed").order_by(User.id).all()
session.query(User).filter_by(name="wendy").first()
print("query count:", session.query(User).count())
session.rollback()
