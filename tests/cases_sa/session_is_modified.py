# from test/orm/test_session.py IsModifiedTest.test_is_modified
# schema: fixtures
# setup: fixture_rows
# is_modified(): a column change and a collection append count; include_collections=False ignores the collection.
s = Session()
user = s.get(User, 8)
print(s.is_modified(user))
user.name = "fred"
print(s.is_modified(user))
s.flush()
print(s.is_modified(user))
user.addresses.append(Address(email_address="x"))
print(s.is_modified(user))
print(s.is_modified(user, include_collections=False))
