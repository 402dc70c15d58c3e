# schema: blog
# The legacy Query API: filter, filter_by, order_by, get, first, one, all, count, limit, offset.
session.add_all([User(name=n, fullname=n.title()) for n in ["ed", "wendy", "mary", "fred"]])
session.commit()
session.query(User).filter(User.name.like("%ed%")).order_by(User.name).all()
session.query(User).filter_by(name="mary").one()
session.query(User).order_by(User.id.desc()).first()
session.query(User).count()
session.query(User).order_by(User.id).limit(2).offset(1).all()
session.query(User.name, User.fullname).filter(User.id < 3).order_by(User.id).all()
session.query(User).get(2)
session.query(User).filter_by(name="nobody").one()
session.query(User).filter(User.id > 1).one()
session.query(User).filter_by(name="nobody").first() is None
