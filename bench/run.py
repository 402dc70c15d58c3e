#!/usr/bin/env python3
"""ormsh benchmark driver: ormsh vs a hand-written rusqlite program vs the SQLAlchemy ORM.

Runs the workloads of shared/research/perf.md (W1 W2 W5 W6 W7 W8 W9 W10) side by side:
every round runs the three implementations of a workload back to back (order shuffled per
round), each in a fresh process on a fresh copy of the same prepared SQLite file, so the
per-round ratios compare like with like on this noisy box; the table shows medians of the
times and medians of the per-round ratios.

  ormsh      target/release/ormsh --no-echo --format plain -s bench/customer.json
             -f <bench/scripts/wN_*.py with N/GETS set> sqlite:///<file>
             timed = the sum of the `.timer` lines of the statements between `.timer on`
             and `.timer off` (the workload only, as the other two time themselves);
             the whole process wall time is reported too. Each script ends with a check
             line (`check <count>`) that the driver compares with the expected count.
  rawsqlite  shared/bench/rawsqlite (rusqlite, bundled SQLite), built from a copy under
             target/rawsqlite-src with --target-dir target/rawsqlite
  SA ORM     python3 shared/bench/sqlalchemy/sa_bench.py <workload> orm <file> <n>

Also: start-up (hyperfine when installed, else a timing loop) and memory (peak RSS growth
per 100k loaded objects, from /usr/bin/time's max RSS minus that of an idle run).

Usage: python3 bench/run.py [--quick] [--n 100000] [--rounds 5] [--only W1,W5]
       [--no-build] [--no-sa] [--json out.json] [--markdown out.md]
       [--url postgresql://USER@HOST:PORT/ | mysql://USER@HOST:PORT/ [--db NAME]]
--quick: n = 10 000, 2 rounds, short start-up measurement (a CI smoke run, a minute or so).

--url: the same on a PostgreSQL or MySQL/MariaDB server, workloads W1 W5 W7 W8 W10, in the
database --db (default ormsh_bench; created when missing; its table `customer` is dropped
and recreated before every run, filled server-side for the loading workloads):
  ormsh      target/release/ormsh ... -f <script> URL/DB
  raw        target/release/examples/rawserver <workload> URL/DB n (examples/rawserver.rs:
             `rawpg` on PostgreSQL, `rawmysql` on MySQL/MariaDB, the postgres/mysql crates
             by hand, the statements SQLAlchemy sends: 1000-row INSERT..RETURNING batches)
  SA ORM     python3 bench/sa_server.py <workload> URL/DB n (psycopg2 / pymysql)
The server drivers for the preparation are psycopg2 and pymysql (as the conformance oracle).
"""
import argparse
import json
import os
import random
import re
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
def _shared_bench() -> Path:
    """shared/ sits beside the repository (as CI lays it out); $ORMSH_SHARED_BENCH overrides."""
    if "ORMSH_SHARED_BENCH" in os.environ:
        return Path(os.environ["ORMSH_SHARED_BENCH"])
    for base in (REPO.parent, REPO.parent.parent):
        if (base / "shared" / "bench").is_dir():
            return base / "shared" / "bench"
    return REPO.parent / "shared" / "bench"


SHARED_BENCH = _shared_bench()
RAW_SRC = SHARED_BENCH / "rawsqlite"
SA_BENCH = SHARED_BENCH / "sqlalchemy" / "sa_bench.py"
# $ORMSH_BENCH_BIN / $RAWSERVER_BENCH_BIN: other builds (e.g. target/debug on a box too busy for a release build)
ORMSH = Path(os.environ.get("ORMSH_BENCH_BIN", REPO / "target" / "release" / "ormsh"))
RAW_COPY = REPO / "target" / "rawsqlite-src"
RAW_TARGET = REPO / "target" / "rawsqlite"
RAW_BIN = RAW_TARGET / "release" / "rawsqlite"
NOOP_BIN = RAW_TARGET / "release" / "noop"
SCHEMA = BENCH / "customer.json"
GNU_TIME = "/usr/bin/time"

DDL = (
    "CREATE TABLE customer (\n\tid INTEGER NOT NULL, \n\tname VARCHAR(255) NOT NULL, \n"
    "\tdescription VARCHAR(255) NOT NULL, \n\tPRIMARY KEY (id)\n)"
)
GETS = 10_000  # W8/W9 object count, as in perf.md

# label, sa/rawsqlite workload name, initial table, ormsh script, expected check value (n -> int)
WORKLOADS = [
    ("W1", "orm_insert", "empty", "w1_orm_insert.py", lambda n: n),
    ("W2", "orm_insert_pk", "empty", "w2_orm_insert_pk.py", lambda n: n),
    ("W5", "load_full", "full", "w5_load_full.py", lambda n: n),
    ("W6", "load_cols", "full", "w6_load_cols.py", lambda n: n),
    ("W7", "update_all", "full", "w7_update_all.py", lambda n: n),
    ("W8", "get_by_pk", "full", "w8_get_by_pk.py", lambda n: min(GETS, n)),
    ("W9", "expire_reload", "full", "w9_expire_reload.py", lambda n: min(GETS, n)),
    ("W10", "delete_all", "full", "w10_delete_all.py", lambda n: 0),
]
# the workloads run on a server (--url)
SERVER_WORKLOADS = ("W1", "W5", "W7", "W8", "W10")
RAWSERVER_BIN = Path(os.environ.get("RAWSERVER_BENCH_BIN", REPO / "target" / "release" / "examples" / "rawserver"))
SA_SERVER = BENCH / "sa_server.py"
SERVER_DDL = {
    "postgresql": "CREATE TABLE customer (id SERIAL NOT NULL, name VARCHAR(255) NOT NULL, "
                  "description VARCHAR(255) NOT NULL, PRIMARY KEY (id))",
    "mysql": "CREATE TABLE customer (id INTEGER NOT NULL AUTO_INCREMENT, name VARCHAR(255) NOT NULL, "
             "description VARCHAR(255) NOT NULL, PRIMARY KEY (id))",
}

TITLES = {
    "W1": "100k `Customer(...)` + `session.add` in a loop, one commit (autoincrement id)",
    "W2": "same, id given",
    "W5": "`session.scalars(select(Customer)).all()`",
    "W6": "`session.execute(select(Customer.id, Customer.name)).all()`",
    "W7": "load all, change `description` on each, commit",
    "W8": "10k `session.get` cold, then the same 10k warm",
    "W9": "load 10k, `expire_all`, touch `.name` on each",
    "W10": "load all, `session.delete` each, commit",
}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def build(skip, server=False):
    if skip:
        return
    log("building ormsh (release) ...")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    if server:
        log("building examples/rawserver (release) ...")
        subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "rawserver"], cwd=REPO, check=True)
        return
    log("building rawsqlite (release, copy under target/) ...")
    RAW_COPY.mkdir(parents=True, exist_ok=True)
    for name in ("Cargo.toml", "Cargo.lock"):
        shutil.copyfile(RAW_SRC / name, RAW_COPY / name)
    shutil.copytree(RAW_SRC / "src", RAW_COPY / "src", dirs_exist_ok=True)
    for p in RAW_COPY.rglob("*"):
        p.chmod(p.stat().st_mode | 0o200)
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--manifest-path", str(RAW_COPY / "Cargo.toml"),
         "--target-dir", str(RAW_TARGET)],
        check=True,
    )


def make_template(path, rows):
    con = sqlite3.connect(path)
    con.execute(DDL)
    con.executemany(
        "INSERT INTO customer (id, name, description) VALUES (?, ?, ?)",
        ((i + 1, f"customer name {i}", f"customer description {i}") for i in range(rows)),
    )
    con.commit()
    con.close()


class Work:
    """A temp dir with the template databases and the parametrised ormsh scripts."""

    def __init__(self, n):
        self.dir = Path(tempfile.mkdtemp(prefix="ormsh-bench-"))
        self.n = n
        self.templates = {}
        for kind, rows in (("empty", 0), ("full", n)):
            self.templates[kind] = self.dir / f"template_{kind}.db"
            make_template(self.templates[kind], rows)
        self.scripts = {}
        for _, _, _, script, _ in WORKLOADS:
            text = (BENCH / "scripts" / script).read_text()
            out = self.dir / script
            out.write_text(f"N = {n}\nGETS = {min(GETS, n)}\n" + text)
            self.scripts[script] = out

    def fresh_db(self, kind):
        db = self.dir / "run.db"
        for suffix in ("", "-journal", "-wal", "-shm"):
            try:
                os.remove(str(db) + suffix)
            except FileNotFoundError:
                pass
        shutil.copyfile(self.templates[kind], db)
        return db

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class Server:
    """A database on a PostgreSQL or MySQL/MariaDB server; `fresh_db` recreates the table."""

    def __init__(self, url, db, n):
        from urllib.parse import urlsplit
        u = urlsplit(url)
        self.kind = "postgresql" if u.scheme.startswith("postgres") else "mysql"
        self.base = f"{u.scheme.split('+')[0]}://{u.netloc}"
        self.host, self.port = u.hostname or "127.0.0.1", u.port
        self.user, self.password = u.username, u.password
        self.db, self.n = db, n
        self.url = f"{self.base}/{db}"
        self.dir = Path(tempfile.mkdtemp(prefix="ormsh-bench-"))
        self.scripts = {}
        for _, _, _, script, _ in WORKLOADS:
            text = (BENCH / "scripts" / script).read_text()
            out = self.dir / script
            out.write_text(f"N = {n}\nGETS = {min(GETS, n)}\n" + text)
            self.scripts[script] = out
        con = self.connect(None)
        cur = con.cursor()
        if self.kind == "postgresql":
            con.autocommit = True
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,))
            if cur.fetchone() is None:
                cur.execute(f'CREATE DATABASE "{db}"')
        else:
            cur.execute(f"CREATE DATABASE IF NOT EXISTS `{db}`")
        con.close()

    def connect(self, db):
        if self.kind == "postgresql":
            import psycopg2
            return psycopg2.connect(host=self.host, port=self.port or 5432, user=self.user or "postgres",
                                    password=self.password, dbname=db or "postgres")
        import pymysql
        return pymysql.connect(host=self.host, port=self.port or 3306, user=self.user or "root",
                               password=self.password or "", database=db, autocommit=True)

    def fresh_db(self, kind):
        n = self.n if kind == "full" else 0
        con = self.connect(self.db)
        cur = con.cursor()
        cur.execute("DROP TABLE IF EXISTS customer")
        cur.execute(SERVER_DDL[self.kind])
        if n and self.kind == "postgresql":
            cur.execute("INSERT INTO customer (id, name, description) SELECT i, 'customer name ' || (i - 1), "
                        "'customer description ' || (i - 1) FROM generate_series(1, %s) AS i", (n,))
            cur.execute("SELECT setval(pg_get_serial_sequence('customer', 'id'), %s)", (n,))
        elif n:
            rows = [(i + 1, f"customer name {i}", f"customer description {i}") for i in range(n)]
            for k in range(0, n, 5000):
                cur.executemany("INSERT INTO customer (id, name, description) VALUES (%s, %s, %s)", rows[k:k + 5000])
        con.commit()
        if self.kind == "postgresql":
            con.autocommit = True
            con.cursor().execute("VACUUM ANALYZE customer")
        con.close()
        return self.url

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def with_gnu_time(cmd):
    """Prefix cmd with GNU time writing '<maxrss kB> <elapsed s>' to a temp file; returns (cmd, path)."""
    if not os.path.exists(GNU_TIME):
        return cmd, None
    fd, path = tempfile.mkstemp(prefix="ormsh-bench-time-")
    os.close(fd)
    return [GNU_TIME, "-o", path, "-f", "%M %e"] + cmd, path


def read_gnu_time(path):
    if path is None:
        return None
    try:
        with open(path) as f:
            last = f.read().strip().splitlines()[-1]
        return int(last.split()[0])
    finally:
        os.remove(path)


TIME_RE = re.compile(r"^Time: ([0-9.]+) ms$")


def db_url(work, kind):
    return work.fresh_db(kind) if isinstance(work, Server) else f"sqlite:///{work.fresh_db(kind)}"


def run_ormsh(work, script, kind, expected):
    cmd = [str(ORMSH), "--no-echo", "--format", "plain", "-s", str(SCHEMA), "-f", str(work.scripts[script]),
           db_url(work, kind)]
    cmd, tpath = with_gnu_time(cmd)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    process_s = time.perf_counter() - t0
    maxrss = read_gnu_time(tpath)
    if p.returncode != 0:
        raise RuntimeError(f"ormsh {script} exited {p.returncode}:\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}")
    # `.timer` writes its lines to stderr (commentary, as the ledger), results go to stdout
    stmt_ms = [float(m.group(1)) for m in (TIME_RE.match(l) for l in p.stderr.splitlines()) if m]
    if not stmt_ms:
        raise RuntimeError(f"ormsh {script}: no 'Time: … ms' lines on stderr\n{p.stderr[-3000:]}")
    checks = [l.split()[1] for l in p.stdout.splitlines() if l.startswith("check ")]
    if checks != [str(expected)]:
        raise RuntimeError(f"ormsh {script}: expected 'check {expected}', got {checks}\n{p.stdout[-3000:]}")
    # Time lines: `.timer on` itself (~0), then each workload statement; `.timer off` prints none
    res = {"wall_s": sum(stmt_ms) / 1000.0, "process_s": process_s, "stmt_ms": stmt_ms, "maxrss_kb": maxrss}
    if script.startswith("w8_") and len(stmt_ms) >= 3:
        res["cold_s"], res["warm_s"] = stmt_ms[1] / 1000.0, stmt_ms[2] / 1000.0
    return res


def run_json(cmd):
    cmd, tpath = with_gnu_time(cmd)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    process_s = time.perf_counter() - t0
    maxrss = read_gnu_time(tpath)
    if p.returncode != 0:
        raise RuntimeError(f"{cmd} failed: {p.stderr[-3000:]}")
    res = json.loads(p.stdout.strip().splitlines()[-1])
    res["process_s"] = process_s
    res["maxrss_kb"] = maxrss
    return res


def run_raw(work, workload, kind, n):
    if isinstance(work, Server):
        return run_json([str(RAWSERVER_BIN), workload, work.fresh_db(kind), str(n)])
    return run_json([str(RAW_BIN), workload, str(work.fresh_db(kind)), str(n)])


def run_sa(work, workload, kind, n):
    if isinstance(work, Server):
        return run_json([sys.executable, str(SA_SERVER), workload, work.fresh_db(kind), str(n)])
    return run_json([sys.executable, str(SA_BENCH), workload, "orm", str(work.fresh_db(kind)), str(n)])


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def idle_rss(work):
    """Max RSS of ormsh doing nothing on the full database (schema loaded, session open)."""
    cmd, tpath = with_gnu_time([str(ORMSH), "--no-echo", "--format", "plain", "-s", str(SCHEMA), "-c", "pass",
                                db_url(work, "full")])
    subprocess.run(cmd, capture_output=True, check=True)
    return read_gnu_time(tpath)


def startup(work, quick):
    """Start-up to the first statement, ormsh vs a trivial Rust binary."""
    db = work.fresh_db("full")
    cases = [
        ("trivial Rust binary (`fn main(){}`)", [str(NOOP_BIN)]),
        ("`ormsh -c pass` (in-memory SQLite, no schema)", [str(ORMSH), "--no-echo", "-c", "pass"]),
        (f"`ormsh -s customer.json -c 'session.get(Customer, 1)'` on the {work.n:,}-row file",
         [str(ORMSH), "--no-echo", "--format", "plain", "-s", str(SCHEMA), "-c",
          "session.get(Customer, 1)", f"sqlite:///{db}"]),
    ]
    rows = []
    if shutil.which("hyperfine"):
        out = work.dir / "hyperfine.json"
        runs = 10 if quick else 50
        # hyperfine -N splits each command with shell-word rules: quote every argument
        # (`-c 'session.get(Customer, 1)'` is one argument, not two)
        p = subprocess.run(["hyperfine", "-N", "--warmup", "3", "--runs", str(runs), "--export-json", str(out),
                            "--style", "none"] + [shlex.join(c) for _, c in cases], capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError(f"hyperfine failed ({p.returncode}): {p.stderr.strip()[-2000:]}")
        data = json.loads(out.read_text())["results"]
        for (label, _), r in zip(cases, data):
            rows.append({"label": label, "median_ms": r["median"] * 1000, "min_ms": r["min"] * 1000})
        tool = f"hyperfine -N, {runs} runs, 3 warm-up"
    else:
        runs = 10 if quick else 40
        times = {label: [] for label, _ in cases}
        for _ in range(runs):
            for label, c in cases:
                t0 = time.perf_counter()
                subprocess.run(c, capture_output=True, check=True)
                times[label].append(time.perf_counter() - t0)
        for label, _ in cases:
            rows.append({"label": label, "median_ms": med(times[label]) * 1000, "min_ms": min(times[label]) * 1000})
        tool = f"timing loop, {runs} interleaved runs"
    base = rows[0]["median_ms"]
    for r in rows:
        r["x_noop"] = r["median_ms"] / base
    return {"tool": tool, "rows": rows}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--n", type=int)
    ap.add_argument("--rounds", type=int)
    ap.add_argument("--only", default="")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--no-sa", action="store_true", help="skip the SQLAlchemy ORM (slowest part)")
    ap.add_argument("--json", default="")
    ap.add_argument("--markdown", default="")
    ap.add_argument("--url", default="", help="a PostgreSQL or MySQL/MariaDB server (W1 W5 W7 W8 W10 there)")
    ap.add_argument("--db", default="ormsh_bench", help="the database used on --url's server")
    a = ap.parse_args()
    n = a.n or (10_000 if a.quick else 100_000)
    rounds = a.rounds or (2 if a.quick else 5)
    only = set(a.only.split(",")) if a.only else None
    specs = [w for w in WORKLOADS if (only is None or w[0] in only) and (not a.url or w[0] in SERVER_WORKLOADS)]

    build(a.no_build, server=bool(a.url))
    for b in (ORMSH, RAWSERVER_BIN if a.url else RAW_BIN):
        if not b.exists():
            sys.exit(f"missing {b}: run without --no-build")
    raw = ("rawpg" if a.url.startswith("postgres") else "rawmysql") if a.url else "rawsqlite"
    impls = ["ormsh", raw] + ([] if a.no_sa else ["sa_orm"])
    work = Server(a.url, a.db, n) if a.url else Work(n)
    results = []
    loads = os.getloadavg()
    try:
        for r in range(rounds):
            rng = random.Random(2000 + r)
            for label, workload, kind, script, expect in specs:
                order = list(impls)
                rng.shuffle(order)
                for impl in order:
                    if impl == "ormsh":
                        res = run_ormsh(work, script, kind, expect(n))
                    elif impl == raw:
                        res = run_raw(work, workload, kind, n)
                    else:
                        res = run_sa(work, workload, kind, n)
                    res.update({"impl": impl, "label": label, "round": r})
                    results.append(res)
                    log(f"round {r} {label} {impl}: {res['wall_s']:.4f} s (process {res['process_s']:.3f} s, "
                        f"max RSS {res.get('maxrss_kb')} kB, load {os.getloadavg()[0]:.1f})")
        base_rss = idle_rss(work)
        try:
            start = startup(work, a.quick) if not a.url else {"tool": "not measured on a server", "rows": []}
        except Exception as e:  # the workload figures above must not be lost to a start-up failure
            log(f"start-up measurement failed: {e}")
            start = {"tool": f"failed: {e}", "rows": []}
    finally:
        work.close()

    summary = summarise(results, specs, impls, n, base_rss)
    where = f"{work_kind(a.url)}, n = {n:,}, {rounds} interleaved rounds, load average {loads[0]:.1f} at start, " \
            f"{os.getloadavg()[0]:.1f} at end"
    text = render(summary, start, where, impls)
    print(text)
    if a.markdown:
        Path(a.markdown).write_text(text + "\n")
    if a.json:
        Path(a.json).write_text(json.dumps({"n": n, "rounds": rounds, "summary": summary, "startup": start,
                                            "idle_rss_kb": base_rss, "runs": results}, indent=1))


def summarise(results, specs, impls, n, base_rss):
    out = {}
    for label, workload, kind, script, _ in specs:
        runs = {i: [x for x in results if x["label"] == label and x["impl"] == i] for i in impls}
        s = {}
        for i in impls:
            rs = runs[i]
            entry = {"median_s": med([x["wall_s"] for x in rs]), "min_s": min(x["wall_s"] for x in rs),
                     "process_s": med([x["process_s"] for x in rs])}
            for k in ("cold_s", "warm_s"):
                if rs and k in rs[0]:
                    entry[k] = med([x[k] for x in rs])
            objects = min(GETS, n) if label in ("W8", "W9") else n
            if i == "ormsh":
                grow = med([x["maxrss_kb"] for x in rs]) - base_rss if base_rss and rs[0].get("maxrss_kb") else None
            else:
                grow = med([x["rss_peak_kb"] - x["rss_base_kb"] for x in rs])
            entry["rss_growth_mb_per_100k"] = grow / 1024 * 100_000 / objects if grow is not None else None
            entry["peak_rss_mb"] = med([x["maxrss_kb"] for x in rs]) / 1024 if rs[0].get("maxrss_kb") else None
            for other in impls:
                if other == i:
                    continue
                ratios = []
                for x in rs:
                    o = [y for y in runs[other] if y["round"] == x["round"]]
                    if o:
                        ratios.append(x["wall_s"] / o[0]["wall_s"])
                entry[f"x_{other}"] = med(ratios)
            s[i] = entry
        out[label] = s
    return out


def fmt_s(v):
    return f"{v:.4f}" if v < 10 else f"{v:.2f}"


def work_kind(url):
    if not url:
        return "SQLite file"
    return "PostgreSQL" if url.startswith("postgres") else "MySQL/MariaDB"


def render(summary, start, where, impls):
    raw = impls[1]
    n = int(re.search(r"n = ([0-9,]+)", where).group(1).replace(",", ""))
    lines = [f"## ormsh vs {raw} vs SQLAlchemy ORM ({where})", ""]
    head = f"| workload | ormsh s | {raw} s |" + (" SA ORM s |" if "sa_orm" in impls else "")
    head += f" ormsh / {raw} |" + (" SA ORM / ormsh |" if "sa_orm" in impls else "")
    head += " ormsh process s | RSS growth MB per 100k obj (ormsh / raw / SA) |"
    lines.append(head)
    lines.append("|" + "---|" * (head.count("|") - 1))
    for label, s in summary.items():
        o, r = s["ormsh"], s[raw]
        sa = s.get("sa_orm")
        row = f"| {label} {TITLES[label]} | {fmt_s(o['median_s'])} | {fmt_s(r['median_s'])} |"
        if sa:
            row += f" {fmt_s(sa['median_s'])} |"
        row += f" {o['x_' + raw]:.2f}x |"
        if sa:
            row += f" {sa['x_ormsh']:.1f}x |"
        row += f" {o['process_s']:.3f} |"
        mem = [x.get("rss_growth_mb_per_100k") for x in (o, r, sa) if x]
        row += " " + " / ".join("-" if v is None else f"{v:.0f}" for v in mem) + " |"
        lines.append(row)
    w8 = summary.get("W8")
    if w8:
        parts = []
        for i in impls:
            if "cold_s" in w8[i]:
                gets = min(GETS, n)
                parts.append(f"{i} cold {w8[i]['cold_s'] * 1e6 / gets:.2f} us/get, warm {w8[i]['warm_s'] * 1e6 / gets:.3f} us/get")
        lines += ["", "W8 split: " + "; ".join(parts)]
    lines += ["", "Times are the workload only (each program times itself; ormsh: the sum of its `.timer` lines);",
              "ratios are medians of per-round ratios; 'ormsh process s' is the whole ormsh process",
              "(start-up, schema, create_all check, workload, exit).", ""]
    lines.append(f"### Start-up ({start['tool']})")
    lines.append("")
    lines.append("| command | median ms | min ms | x trivial binary |")
    lines.append("|---|---|---|---|")
    for r in start["rows"]:
        lines.append(f"| {r['label']} | {r['median_ms']:.2f} | {r['min_ms']:.2f} | {r['x_noop']:.1f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
