# schema: blog
# desc("label") and asc("label") order by a labelled column of the select
# (ORDER BY n DESC), as order_by("label") does; the string is not a parameter.
session.add_all([User(name="ann", addresses=[Address(email="a1"), Address(email="a2")]), User(name="bob", addresses=[Address(email="b1")]), User(name="cy")])
session.flush()
n = func.count(Address.id).label("n")
session.execute(select(User.name, n).outerjoin(Address, Address.user_id == User.id).group_by(User.name).order_by(desc("n"), User.name)).all()
session.execute(select(User.name, n).outerjoin(Address, Address.user_id == User.id).group_by(User.name).order_by(asc("n"), User.name)).all()
