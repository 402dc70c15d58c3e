# schema: natural
# Written from SQLAlchemy's documentation by the lead (session 10); agreed with SQLAlchemy on first run, kept as a guard.
a = Account(username="jack", fullname="Jack")
a.emails.append(Email(address="jack@x.org"))
session.add(a)
session.commit()
a.username = "jack2"
session.commit()
print(a.username, [e.username for e in a.emails])
print(session.get(Account, "jack"), session.get(Account, "jack2") is a)
c = City(country="FR", name="Paris", population=2)
session.add(c)
session.commit()
print(session.get(City, ("FR", "Paris")).population)
print(session.get(City, {"country": "FR", "name": "Paris"}) is c)
print(inspect(c).identity, inspect(c).key[1])
