# schema: docs
# A JSON column evaluates None: left unset it is left out of the INSERT (the
# database's NULL), set to None it is sent as the JSON text 'null'.
a = Doc(note="unset")
b = Doc(note="none", data=None)
c = Doc(note="value", data={"k": [1, None]})
session.add_all([a, b, c])
session.flush()
session.execute(text("SELECT note, data IS NULL, data FROM docs ORDER BY id")).all()
session.expire_all()
print(a.data, b.data, c.data)
