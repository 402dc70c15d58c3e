# W6 load_cols: (id, name) rows, no objects.
.timer on
rows = session.execute(select(Customer.id, Customer.name)).all()
.timer off
print("check", len(rows))
