# schema: blog
# Expiring and refreshing: when does the ORM go back to the database?
#
# Watch: expire() sends nothing by itself; the SELECT comes on the next
# attribute read. refresh() SELECTs at once. commit() expires everything
# (expire_on_commit=True), so the first read after a commit is a SELECT too.

session.add(User(name="ed", fullname="Ed Jones"))
session.commit()

u = session.scalars(select(User).where(User.name == "ed")).one()
st = inspect(u)
print("loaded:", u, "| expired:", sorted(st.expired_attributes))

# Change a column behind the ORM's back, with a plain SQL UPDATE.
result = session.execute(text("UPDATE users SET fullname = 'Edward Jones' WHERE name = 'ed'"))
print("the object still shows the old value:", u.fullname)

# expire() one attribute: nothing is sent now ...
session.expire(u, ["fullname"])
print("expired:", sorted(st.expired_attributes))
# ... and the read below loads it (only that column) from the database.
print("after expire + read:", u.fullname)

# A pending change is lost by refresh(): it reloads every column right away.
u.fullname = "typo"
print("modified:", st.modified, "| dirty:", u in session.dirty)
session.refresh(u)
print("after refresh:", u.fullname, "| modified:", st.modified)

# commit() expires every attribute; the repr shows only loaded attributes.
session.commit()
print("after commit:", u, "| expired:", sorted(st.expired_attributes))
print("reading one attribute reloads the row:", u.name)
u
