# schema: two_paths
# join() without an ON clause, as SQLAlchemy's ORM finds it (_join_determine_implicit_left_side, Join._join_condition): two foreign keys between two tables are ambiguous (AmbiguousForeignKeysError, not both ANDed); none is "Don't know how to join"; the left side is the one FROM a foreign key reaches (a chain of joins by its last table first, then all of it); two candidate FROMs are ambiguous; the ON clause given explicitly works
session.add_all([Person(id=1, name="ann"), Person(id=2, name="bo")])
session.commit()
session.add(Message(id=1, body="hi", sender_id=1, recipient_id=2))
session.commit()
session.add(Note(id=1, text="n1", message_id=1))
session.commit()
from sqlalchemy import exc
for stmt in [
    select(Message.body).join(Person),
    select(Person.name).join(Message),
    select(Person.name).join(Note),
    select(Note.text).join(Person),
    select(Note.text, Person.name).join(Message),
    select(Person.name).join(Person),
    select(Note.text).join(Message).join(Person),
]:
    try:
        print(session.execute(stmt).all())
    except Exception as e:
        print(type(e).__name__, isinstance(e, exc.ArgumentError))
print(session.execute(select(Person.name, Message.body).join(Message, Message.recipient_id == Person.id)).all())
print(session.execute(select(Note.text, Person.name).join(Message).join(Person, Person.id == Message.sender_id)).all())
print(session.execute(select(Person.name).select_from(Note).join(Message).join(Person, Message.sender_id == Person.id)).all())
