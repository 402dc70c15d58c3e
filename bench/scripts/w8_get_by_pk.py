# W8 get_by_pk: GETS session.get() calls on an empty identity map (cold: one SELECT each),
# then the same ids again (warm: identity-map hits, no SQL). The objects stay referenced.
ids = [(i * 7919) % N + 1 for i in range(GETS)]
.timer on
held = [session.get(Customer, i) for i in ids]
for i in ids:
    session.get(Customer, i)
.timer off
print("check", len([h for h in held if h is not None]))
