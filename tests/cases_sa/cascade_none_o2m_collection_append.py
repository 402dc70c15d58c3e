# from test/orm/test_cascade.py O2MCascadeTest.test_none_o2m_collection_append
# schema: fixtures
# Appending None to a collection raises at flush.
s = Session()
u1 = User(name="u")
s.add(u1)
u1.addresses.append(None)
try:
    s.commit()
except Exception as e:
    print(type(e).__name__)
