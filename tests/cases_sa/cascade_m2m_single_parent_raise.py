# from test/orm/test_cascade.py M2MCascadeTest.test_single_parent_raise
# schema: cascade_m2m
# single_parent on a many-to-many: a B in two A's collections raises InvalidRequestError.
b1 = B(data="b1")
a1 = A(data="a1", bs=[b1])
try:
    a2 = A(data="a2", bs=[b1])
except Exception as e:
    print(type(e).__name__)
