# from test/orm/test_transaction.py RollbackRecoverTest.test_pk_violation
# schema: fixtures_cascade
# A primary-key violation at commit: IntegrityError, then InvalidRequestError until rollback(); rollback restores the old state; the changes commit afterwards.
s = Session()
a1 = Address(email_address="foo")
u1 = User(id=1, name="ed", addresses=[a1])
s.add(u1)
s.commit()
a2 = Address(email_address="bar")
u2 = User(id=1, name="jack", addresses=[a2])
u1.name = "edward"
a1.email_address = "foober"
s.add(u2)
try:
    s.commit()
except Exception as e:
    print(type(e).__name__)
try:
    s.commit()
except Exception as e:
    print(type(e).__name__)
s.rollback()
print(u2 in s, a2 in s, u1 in s, a1 in s)
print(u1.name, a1.email_address)
u1.name = "edward"
a1.email_address = "foober"
s.commit()
print([(u.id, u.name, [a.email_address for a in u.addresses]) for u in s.query(User).all()])
