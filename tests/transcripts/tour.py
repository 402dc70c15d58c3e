# schema: blog
# A transcript keeps each statement with what it showed: SQL, states, values.
u = User(name="ed")
session.add(u); session.flush()

# A value, then a loop with prints and lazy loads.
u
for name in ["wendy", "mary"]:
    session.add(User(name=name, addresses=[Address(email=name + "@x")]))
session.commit()
for x in session.scalars(select(User).order_by(User.id)).all():
    print(x.name, len(x.addresses))

# Errors are part of it too.
session.get(User, 1).nope
.states
