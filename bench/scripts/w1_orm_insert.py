# W1 orm_insert: N transient Customer objects added in a loop, one commit (autoincrement id).
# The bench driver substitutes N; statements between `.timer on` and `.timer off` are timed.
.timer on
for i in range(N):
    session.add(Customer(name=f"customer name {i}", description=f"customer description {i}"))
session.commit()
.timer off
print("check", session.scalar(select(func.count(Customer.id))))
