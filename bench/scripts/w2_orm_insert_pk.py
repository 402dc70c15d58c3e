# W2 orm_insert_pk: as W1 with the primary key given.
.timer on
for i in range(N):
    session.add(Customer(id=i + 1, name=f"customer name {i}", description=f"customer description {i}"))
session.commit()
.timer off
print("check", session.scalar(select(func.count(Customer.id))))
