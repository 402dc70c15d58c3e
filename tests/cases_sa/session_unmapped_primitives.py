# from test/orm/test_session.py SessionInterface.test_unmapped_primitives
# schema: fixtures
# add() of a primitive value raises UnmappedInstanceError.
for value in [3, "x", [1, 2], None]:
    try:
        session.add(value)
    except Exception as e:
        print(repr(value), type(e).__name__)
