#!/usr/bin/env python3
"""The SQLAlchemy ORM side of the server benchmark (`bench/run.py --url`): one workload,
one fresh process, one JSON line, on a PostgreSQL or MySQL/MariaDB URL.

usage: sa_server.py <orm_insert|load_full|update_all|get_by_pk|delete_all> URL N

The same ORM code as shared/bench/sqlalchemy/sa_bench.py's `orm` implementation
(whose SQLite/PostgreSQL-only URL handling is why this file exists); psycopg2 on
PostgreSQL, pymysql on MySQL/MariaDB, as the conformance oracle. Only the workload
is timed; peak RSS = VmHWM, rss_base_kb = VmRSS just before the workload.
"""
import json
import sys
import time


def status_kb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def sa_url(url):
    if url.startswith("postgresql://"):
        return "postgresql+psycopg2://" + url[len("postgresql://"):]
    if url.startswith(("mysql://", "mariadb://")):
        return "mysql+pymysql://" + url.split("://", 1)[1]
    return url


def main():
    workload, url, n = sys.argv[1], sa_url(sys.argv[2]), int(sys.argv[3])
    from sqlalchemy import String, create_engine, select
    from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

    class Base(DeclarativeBase):
        pass

    class Customer(Base):
        __tablename__ = "customer"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str] = mapped_column(String(255))
        description: Mapped[str] = mapped_column(String(255))

    engine = create_engine(url)
    extra = {}
    objects = n
    rss_base = status_kb("VmRSS")
    t0 = time.perf_counter()
    if workload == "orm_insert":
        with Session(engine) as s:
            for i in range(n):
                s.add(Customer(name=f"customer name {i}", description=f"customer description {i}"))
            t1 = time.perf_counter()
            s.commit()
            extra = {"add_s": t1 - t0, "commit_s": time.perf_counter() - t1}
    elif workload == "load_full":
        with Session(engine) as s:
            objects = len(s.scalars(select(Customer)).all())
    elif workload in ("update_all", "delete_all"):
        with Session(engine) as s:
            objs = s.scalars(select(Customer)).all()
            t1 = time.perf_counter()
            for o in objs:
                if workload == "update_all":
                    o.description = o.description + " updated"
                else:
                    s.delete(o)
            t2 = time.perf_counter()
            s.commit()
            extra = {"load_s": t1 - t0, "mutate_s": t2 - t1, "commit_s": time.perf_counter() - t2}
            objects = len(objs)
    elif workload == "get_by_pk":
        ids = [(i * 7919) % n + 1 for i in range(min(10_000, n))]
        objects = len(ids)
        s = Session(engine)
        held = [s.get(Customer, i) for i in ids]
        t1 = time.perf_counter()
        for i in ids:
            s.get(Customer, i)
        t2 = time.perf_counter()
        assert all(h is not None for h in held)
        extra = {"cold_s": t1 - t0, "warm_s": t2 - t1}
        s.close()
    else:
        raise SystemExit(f"unknown workload {workload}")
    wall = time.perf_counter() - t0
    engine.dispose()
    out = {"impl": "sa_orm", "workload": workload, "n": n, "objects": objects, "wall_s": wall,
           "rss_base_kb": rss_base, "rss_peak_kb": status_kb("VmHWM")}
    out.update(extra)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
