# schema: blog
# setup: blog_rows
# InstanceState.dict (the object's __dict__, with _sa_instance_state), is_instance, unmodified (attributes not in committed_state), AttributeState.load_history() (get_history with PASSIVE_OFF: loads an expired attribute), identity_map.get(key, default) (orm/state.py, orm/identity.py), and a bound method's __name__.
u = session.get(User, 1)
st = inspect(u)
print(sorted(k for k in st.dict if not k.startswith("_")), "_sa_instance_state" in u.__dict__)
print(st.dict["name"], u.__dict__["fullname"], st.is_instance)
print(sorted(st.unmodified))
u.fullname = "Ed J."
print(sorted(st.unmodified))
session.expire(u, ["name"])
print(st.attrs.name.history, sorted(k for k in st.dict if not k.startswith("_")))
print(st.attrs.name.load_history())
print(len(u.addresses), sorted(k for k in u.__dict__ if not k.startswith("_")))
print(session.identity_map.get(session.identity_key(User, 1)) is u)
print(session.identity_map.get(session.identity_key(User, 99)), session.identity_map.get(session.identity_key(User, 99), "none"))
p = User(name="p")
session.add(p)
session.expire(p) if False else None
for op in (session.delete, session.expire, session.refresh, session.expunge):
    try:
        op(User(name="t"))
    except Exception as e:
        print(op.__name__, type(e).__name__)
