# schema: blog
# setup: blog_rows
# yield_per's refusals (orm/loading.py instances()): a joined eager load of a collection is
# refused once the statement ran ("Can't use yield_per with eager loaders that require uniquing
# ..."), unique() at the first fetch ("... in conjunction with unique()"); a joined many-to-one
# is allowed; a one() reads a second chunk to see a second row.
try:
    session.scalars(select(User).options(joinedload(User.addresses)).execution_options(yield_per=2))
except Exception as e:
    print(type(e).__name__, e)
r = session.scalars(select(User).order_by(User.id).execution_options(yield_per=2)).unique()
try:
    r.all()
except Exception as e:
    print(type(e).__name__, e)
session.rollback()
for a in session.scalars(select(Address).options(joinedload(Address.user)).order_by(Address.id).execution_options(yield_per=2)):
    print(a.email, a.user.name)
session.expunge_all()
try:
    session.scalars(select(User).order_by(User.id).execution_options(yield_per=1)).one()
except Exception as e:
    print(type(e).__name__, e)
print(session.scalars(select(User).where(User.id == 2).execution_options(yield_per=1)).one())
