# schema: blog
# setup: blog_rows
# ORM bulk UPDATE by primary key, its options and refusals (a list of dicts to session.execute(update(Cls))): UPDATE ... WHERE pk = ?,
# one executemany per run of sets with the same keys; identity-map objects take the values of unmodified
# attributes and expire modified ones; a missing row is StaleDataError; a missing key InvalidRequestError;
# 'fetch' is refused; a dict alone (not a list) is the plain ORM UPDATE of every row. (issue 9, fuzzer seed 1025)
u1 = session.get(User, 1)
u2 = session.get(User, 2)
u2.fullname = 'changed here'
r = session.execute(update(User), [{'id': 1, 'fullname': 'one'}, {'id': 2, 'fullname': 'two'}, {'id': 3, 'name': 'c3'}])
print(u1.fullname, inspect(u2).expired_attributes, session.dirty)
print(u2.fullname)
session.execute(update(User), [{'id': 1, 'fullname': 'solo'}])
print(u1.fullname)
session.execute(update(User), [{'id': 99, 'fullname': 'nobody'}])
session.rollback()
session.execute(update(User), [{'fullname': 'no key'}])
session.execute(update(User), [{'id': 1, 'fullname': 'x'}], execution_options={'synchronize_session': 'fetch'})
session.execute(update(User).where(User.name == 'x'), [{'id': 1, 'fullname': 'x'}])
session.execute(update(User).where(User.name != 'zz'), [{'id': 1, 'fullname': 'w'}], execution_options={'synchronize_session': False})
session.execute(update(User).values(fullname='v'), [{'id': 2, 'name': 'vv'}])
print(session.get(User, 2).fullname)
session.execute(update(User).where(User.name != 'zz'), [{'id': 3, 'fullname': 'n'}], execution_options={'synchronize_session': None})
session.commit()
