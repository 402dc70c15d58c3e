# schema: unique_key
# Relationships over a unique column that is not the key: the many-to-one lazy
# load cannot use the identity map and SELECTs with `teams.code = ?` (the
# foreign key's referred column first, as SQLAlchemy's lazy clause reads), the
# one-to-many with `? = members.team_code`; joins, with_parent() and
# comparisons build the same condition.
from sqlalchemy.orm import with_parent
t = Team(code="red")
session.add_all([Member(team=t), Member(team=t), Member(team=Team(code="blue"))])
session.commit()
m = session.get(Member, 1)
print(m.team.code)
blue = session.scalars(select(Team).where(Team.code == "blue")).one()
print([x.id for x in blue.members])
print(session.scalars(select(Member.id).join(Member.team).where(Team.code == "red").order_by(Member.id)).all())
print(session.scalars(select(Member.id).where(with_parent(blue, Team.members))).all())
print(session.scalars(select(Team.code).where(Team.members.contains(m))).all())
print(session.scalars(select(Team.code).where(Team.members.any())).all())
