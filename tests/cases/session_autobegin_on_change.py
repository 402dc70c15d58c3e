# schema: blog
# setup: blog_rows
# Modifying a persistent object outside a transaction autobegins one (InstanceState._modified_event, ticket 6360): rollback() expires the object and the change is gone; delete() of a second object with an identity already in the session raises.
session = Session(engine, expire_on_commit=False)
u = session.get(User, 1)
session.commit()
print(session.in_transaction())
u.name = 'changed'
print(session.in_transaction(), session.is_modified(u))
session.rollback()
print(u.name)
a = session.get(Address, 1)
session.commit()
a.user = session.get(User, 2)
print(session.in_transaction())
session.commit()
s2 = Session(engine)
u1b = s2.get(User, 1)
s2.expunge(u1b)
try:
    session.delete(u1b)
except Exception as e:
    print(type(e).__name__, e)
print(u1b in session, session.execute(text("select count(*) from users"), bind_arguments={'mapper': User}).scalar())
c = session.connection(bind_arguments={'mapper': Address})
print(c is session.connection())
