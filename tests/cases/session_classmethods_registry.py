# schema: blog
# setup: blog_rows
# Session.object_session / Session.identity_key / close_all_sessions() (orm/session.py), scoped_session.registry with has()/clear(), scoped_session.info and proxied classmethods (orm/scoping.py create_proxy_methods).
from sqlalchemy.orm import Session as S, close_all_sessions
u = session.get(User, 1)
print(S.object_session(u) is session, S.identity_key(User, 1)[1], S.identity_key(instance=u) == inspect(u).key)
Sess = scoped_session(sessionmaker(bind=engine))
print(Sess.registry.has())
s1 = Sess()
print(Sess.registry.has(), Sess.registry() is s1, Sess.object_session(u) is session)
Sess.info["k"] = 1
print(s1.info)
w = Sess.get(User, 2)
Sess.registry.clear()
print(Sess.registry.has(), Sess() is s1, inspect(w).persistent)
other = Session()
x = other.get(User, 3)
close_all_sessions()
print(inspect(u).detached, inspect(w).detached, inspect(x).detached, session.in_transaction())
