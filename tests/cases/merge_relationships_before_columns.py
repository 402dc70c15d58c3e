# schema: blog
# setup: blog_rows
# merge() copies the relationships before the columns (mapper.iterate_properties: a mapper
# configures its relationships before the table's columns). A collection holding None fails with
# AttributeError after the new instance is pending and before any column is copied, so the next
# flush INSERTs a user without name (IntegrityError). Fuzz finding with_nested|ops|-TX rollback
# (seed 91137).
address3 = session.get(Address, 99)
user1 = User(name='name1', fullname='x', addresses=[address3])
try:
    user2 = session.merge(user1)
except AttributeError as e:
    print('AttributeError')
print(len(session.new), [(u.name, u.fullname) for u in session.new])
try:
    with session.begin_nested():
        session.flush()
except Exception as e:
    print(type(e).__name__)
session.rollback()
print(session.execute(select(User.id, User.name).order_by(User.id)).all())
