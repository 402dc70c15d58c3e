# schema: blog
# setup: blog_rows
# A number given to select() is a literal column (ColumnsClauseImpl._literal_coercion, _coerce_numerics): SELECT 1 with no bound parameter, its row key "1".
r = session.execute(select(1))
print(r.keys(), r.all())
print(session.scalar(select(2.5)))
print(session.execute(select(User.id, 1).where(User.id == 1)).all())
print(session.execute(select(literal(7))).all())
