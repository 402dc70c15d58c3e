# from test/orm/test_cascade.py M2MCascadeTest.test_none_m2m_collection_append
# schema: cascade_m2m
# Appending None to a many-to-many collection raises at flush.
s = Session()
a1 = A(data="a1")
s.add(a1)
a1.bs.append(None)
try:
    s.commit()
except Exception as e:
    print(type(e).__name__)
