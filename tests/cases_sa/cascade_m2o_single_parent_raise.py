# from test/orm/test_cascade.py M2OCascadeDeleteOrphanTestTwo.test_single_parent_raise
# schema: cascade_m2o
# single_parent: a second parent of the same Pref raises InvalidRequestError.
p1 = Pref(data="p1")
u1 = User(name="u1", pref=p1)
try:
    u2 = User(name="u2", pref=p1)
except Exception as e:
    print(type(e).__name__)
