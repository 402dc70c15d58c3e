# schema: blog
# Lifecycle lines scale: more than ten of one class and kind in one statement
# collapse into one line (the jsonl trace keeps every event); named objects keep
# their own line; small statements show every line; .events all|off.
ed = User(name="ed")
session.add_all([ed] + [User(name=f"u{i}") for i in range(12)])
session.commit()
users = session.scalars(select(User)).all()
len(users)
session.rollback()
wendy = User(name="wendy")
session.add(wendy)
session.flush()
.events all
session.rollback()
.events off
session.add_all([User(name=f"v{i}") for i in range(3)])
.events
.events summary
session.commit()
