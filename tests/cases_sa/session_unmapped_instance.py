# from test/orm/test_session.py SessionInterface.test_unmapped_instance
# schema: fixtures
# Session methods on a non-mapped object raise UnmappedInstanceError.
for name in ["add", "delete", "expunge", "expire", "refresh", "merge"]:
    try:
        getattr(session, name)(object())
    except Exception as e:
        print(name, type(e).__name__)
