# schema: blog
# setup: blog_rows
# Written from SQLAlchemy's documentation by the lead (session 10); agreed with SQLAlchemy on first run, kept as a guard.
u = session.get(User, 1)
st = inspect(u)
print(st.persistent, st.has_identity, st.identity, st.mapper.class_.__name__)
print(st.object is u, st.session is session)
print(sorted(st.unloaded))
u.fullname = "X"
h = st.attrs.fullname.history
print(h.added, h.deleted, h.unchanged)
print(st.attrs.name.value, st.attrs.name.loaded_value)
print(st.modified, session.is_modified(u))
session.rollback()
print(st.expired, sorted(st.expired_attributes)[:2])
print(u.fullname)
