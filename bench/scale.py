#!/usr/bin/env python3
"""ormsh at scale (issue 10): stream N rows as Customer objects with yield_per, expunging
each as it goes, and report the time and the process's max RSS, for several N (the memory
must stay flat and the time linear in N).

  python3 bench/scale.py                         # SQLite, n = 1 000 000 and 10 000 000
  python3 bench/scale.py --n 100000,1000000      # other sizes
  python3 bench/scale.py --url postgresql://postgres@127.0.0.1:5432/ --n 1000000
  python3 bench/scale.py --url mysql://root@127.0.0.1:3306/ --n 1000000
  python3 bench/scale.py --mode all --n 100000   # W5-style: .all() of N objects, no yield_per

Options: --ormsh BIN (default target/release/ormsh), --yield-per K (1000), --dir D (where the
SQLite files are kept: made once per N and reused, ~70 bytes a row), --db NAME (server
database, default ormsh_bench_scale; the table `customer` is recreated when its row count
differs), --mode stream|all|idle.

The ormsh script (run with --no-echo --format plain -s bench/customer.json):

    .timer on
    n = 0
    for c in session.scalars(select(Customer).execution_options(yield_per=K)):
        n += 1
        session.expunge(c)
    .timer off
    print("check", n)

Reported per N: the workload's time (sum of `.timer` lines), the whole process's wall time,
max RSS (GNU time's %M), and max RSS minus an idle run's (the same command on the same
database with no workload).
"""
import argparse
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCHEMA = REPO / "bench" / "customer.json"
GNU_TIME = "/usr/bin/time"
TIME_RE = re.compile(r"^Time: ([0-9.]+) ms$")
DDL = ("CREATE TABLE customer (id INTEGER NOT NULL, name VARCHAR(255) NOT NULL, "
       "description VARCHAR(255) NOT NULL, PRIMARY KEY (id))")

SCRIPTS = {
    "stream": """.timer on
n = 0
for c in session.scalars(select(Customer).execution_options(yield_per={k})):
    n += 1
    session.expunge(c)
.timer off
print("check", n)
""",
    "all": """.timer on
objs = session.scalars(select(Customer)).all()
.timer off
print("check", len(objs))
""",
    "idle": """.timer on
n = {n}
.timer off
print("check", n)
""",
}


def sqlite_file(directory, n):
    path = Path(directory) / f"scale_{n}.db"
    if path.exists():
        return path
    tmp = path.with_suffix(".tmp")
    if tmp.exists():
        tmp.unlink()
    con = sqlite3.connect(tmp)
    con.execute(DDL)
    step = 100_000
    for start in range(0, n, step):
        con.executemany("INSERT INTO customer (id, name, description) VALUES (?, ?, ?)",
                        ((i + 1, f"customer name {i}", f"customer description {i}")
                         for i in range(start, min(n, start + step))))
    con.commit()
    con.close()
    tmp.rename(path)
    return path


def server_db(url, db, n):
    from urllib.parse import urlsplit
    u = urlsplit(url)
    pg = u.scheme.startswith("postgres")
    if pg:
        import psycopg2
        con = psycopg2.connect(host=u.hostname, port=u.port or 5432, user=u.username or "postgres",
                               password=u.password, dbname="postgres")
        con.autocommit = True
        cur = con.cursor()
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,))
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{db}"')
        con.close()
        con = psycopg2.connect(host=u.hostname, port=u.port or 5432, user=u.username or "postgres",
                               password=u.password, dbname=db)
    else:
        import pymysql
        con = pymysql.connect(host=u.hostname, port=u.port or 3306, user=u.username or "root",
                              password=u.password or "", autocommit=True)
        con.cursor().execute(f"CREATE DATABASE IF NOT EXISTS `{db}`")
        con.close()
        con = pymysql.connect(host=u.hostname, port=u.port or 3306, user=u.username or "root",
                              password=u.password or "", database=db, autocommit=True)
    cur = con.cursor()
    try:
        cur.execute("SELECT count(*) FROM customer")
        have = cur.fetchone()[0]
    except Exception:
        con.rollback()
        have = -1
    if have != n:
        cur.execute("DROP TABLE IF EXISTS customer")
        cur.execute(DDL)
        if pg:
            cur.execute("INSERT INTO customer (id, name, description) SELECT i, 'customer name ' || (i - 1), "
                        "'customer description ' || (i - 1) FROM generate_series(1, %s) AS i", (n,))
        else:
            rows = [(i + 1, f"customer name {i}", f"customer description {i}") for i in range(n)]
            for k in range(0, n, 5000):
                cur.executemany("INSERT INTO customer (id, name, description) VALUES (%s, %s, %s)", rows[k:k + 5000])
        con.commit()
    con.close()
    return f"{u.scheme}://{u.netloc}/{db}"


def run(ormsh, url, script_text, workdir):
    script = Path(workdir) / "scale_script.py"
    script.write_text(script_text)
    fd, tpath = tempfile.mkstemp(prefix="ormsh-scale-time-")
    os.close(fd)
    cmd = [GNU_TIME, "-o", tpath, "-f", "%M %e", str(ormsh), "--no-echo", "--format", "plain",
           "-s", str(SCHEMA), "-f", str(script), url]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    with open(tpath) as f:
        maxrss_kb = int(f.read().strip().splitlines()[-1].split()[0])
    os.remove(tpath)
    if p.returncode != 0:
        raise RuntimeError(f"ormsh exited {p.returncode}:\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    ms = [float(m.group(1)) for m in (TIME_RE.match(l) for l in p.stderr.splitlines()) if m]
    checks = [l.split()[1] for l in p.stdout.splitlines() if l.startswith("check ")]
    return {"workload_s": sum(ms) / 1000.0, "process_s": wall, "maxrss_mb": maxrss_kb / 1024.0, "check": checks}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", default="1000000,10000000")
    ap.add_argument("--yield-per", type=int, default=1000)
    ap.add_argument("--ormsh", default=str(REPO / "target" / "release" / "ormsh"))
    ap.add_argument("--url")
    ap.add_argument("--db", default="ormsh_bench_scale")
    ap.add_argument("--dir", default=str(Path(tempfile.gettempdir()) / "ormsh-scale"))
    ap.add_argument("--mode", default="stream", choices=sorted(SCRIPTS))
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    sizes = [int(x.replace("_", "")) for x in a.n.split(",")]
    where = a.url or "SQLite file"
    print(f"| n | backend | mode | workload s | process s | max RSS MB | idle RSS MB | growth MB | us/row |")
    print(f"|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        if a.url:
            url = server_db(a.url, a.db, n)
        else:
            url = f"sqlite:///{sqlite_file(a.dir, n)}"
        idle = run(a.ormsh, url, SCRIPTS["idle"].format(n=n), a.dir)
        r = run(a.ormsh, url, SCRIPTS[a.mode].format(k=a.yield_per, n=n), a.dir)
        if r["check"] != [str(n)]:
            raise RuntimeError(f"expected check {n}, got {r['check']}")
        print(f"| {n:,} | {where} | {a.mode}{'' if a.mode != 'stream' else f' yield_per={a.yield_per}'} | "
              f"{r['workload_s']:.2f} | {r['process_s']:.2f} | {r['maxrss_mb']:.1f} | {idle['maxrss_mb']:.1f} | "
              f"{r['maxrss_mb'] - idle['maxrss_mb']:.1f} | {r['workload_s'] / n * 1e6:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
