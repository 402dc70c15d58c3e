# schema: blog
# setup: blog_rows
# refresh(obj, [names]) runs with the options the object was loaded with (state.load_options):
# a relationship a noload() option covered is set empty by the refresh, without a SELECT; a
# lazy one is loaded at once. Fuzz finding refresh_attrs|ops|+SELECT users (seed 91026).
address1 = session.scalars(select(Address).join(Address.user).where(User.id <= 2).options(noload(Address.user)).order_by(Address.id)).first()
address2 = session.merge(address1, load=False)
session.refresh(address2, ['user', 'email'])
print(address2.user, sorted(inspect(address2).unloaded))
address3 = session.get(Address, 3)
session.refresh(address3, ['user'])
print(address3.user)
