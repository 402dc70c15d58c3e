# from test/orm/test_session.py SessionInterface.test_unmapped_class_for_instance
# schema: fixtures
# add() of a class (not an instance) raises UnmappedInstanceError.
try:
    session.add(User)
except Exception as e:
    print(type(e).__name__)
try:
    session.delete(User)
except Exception as e:
    print(type(e).__name__)
