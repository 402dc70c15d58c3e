# schema: blog
# setup: blog_rows
# Written from SQLAlchemy's documentation by the lead (session 10); agreed with SQLAlchemy on first run, kept as a guard.
with engine.connect() as conn:
    print(conn.in_transaction())
    r = conn.execute(select(User.name).order_by(User.id))
    print(conn.in_transaction())
    print(r.scalars().all())
    conn.rollback()
    print(conn.in_transaction())
    t = conn.begin()
    conn.execute(update(User).where(User.id == 1).values(fullname="Z"))
    print(t.is_active)
    t.commit()
    print(t.is_active, conn.in_transaction())
print(session.scalar(select(User.fullname).where(User.id == 1)))
with engine.connect() as conn:
    try:
        conn.begin()
        conn.begin()
    except Exception as e:
        print(type(e).__name__)
