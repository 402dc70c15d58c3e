#!/usr/bin/env python3
"""Differential Session fuzzer: random, valid scripts run under SQLAlchemy 2.1.9
(shared/conformance/oracle.py) and under ormsh on the same database; traces and
final tables are compared with shared/conformance/compare.py; every divergence
is shrunk (delta debugging over top-level statements, keeping its signature) to
a minimal script written to the findings folder.

usage: session_fuzz.py [--seed N|random] [--count K] [--schema blog,shop,hr] [--length L]
                       [--url SERVER --db-suffix S] [--ormsh CMD] [--shared DIR] [--jobs N]
                       [--findings DIR] [--known FILE] [--no-shrink] [--ci] [--time-limit S]
                       [--fresh-oracle] [--summary FILE]

  --seed N       first seed (script i uses seed N+i; default 0); "random" picks one and prints it
  --count K      scripts to run (default 20)
  --schema LIST  schemas to cycle through, comma-separated, from schemas/ (default blog,shop,hr)
  --length L     top-level steps per script (default 30)
  --url SERVER   postgresql://postgres@127.0.0.1:5432/ or mysql://root@127.0.0.1:3306/ instead of
                 SQLite files; with --db-suffix _NAME (databases ormsh_exp_NAME, ormsh_act_NAME)
  --ormsh CMD    the binary (default $ORMSH, else target/debug/ormsh)
  --shared DIR   the shared/ folder (default $ORMSH_SHARED, else ../shared beside the repo)
  --findings DIR where shrunk scripts go (default tests/fuzz/findings; one file per signature)
  --known FILE   signatures that are known divergences, one a line, then '#' and the reason
                 (default tests/fuzz/known.txt)
  --ratchet FILE seeds that must agree with SQLAlchemy (tests/fuzz/passing-BACKEND.txt in CI);
                 --update-ratchet writes this run's passing seeds into it
  --ci           CI's mode: exit 1 when a seed of the ratchet diverges, or when ormsh panics,
                 crashes or hangs on any script, unless the signature is in the known list; such a
                 divergence must show the same way three times (SQLAlchemy's own flush order can
                 vary from run to run). A new divergence on a seed outside the ratchet is
                 reported, not failed: fixing one divergence can uncover the next on that seed
  --time-limit S stop starting new scripts after S seconds
  --replay FILE  run one script file (e.g. a finding) and print its differences
  --jobs N       run N scripts at once (default 1); job j>0 works in its own folder and, on a
                 server, its own databases (suffix + j: ormsh_exp_NAMEj, ...)
  --fresh-oracle start a new interpreter for every oracle run (the default forks it from a warm
                 one, tests/fuzz/warm.py, and confirms each divergence with a fresh one)
  --summary FILE one line per seed: seed, outcome (pass, fail, known, ...), signature

Speed (this 2-core machine, shared with other builds, nice 10; scripts per minute):
                          before (fresh oracle,     now (warm oracle, --jobs 1)
                          new databases each run)
  SQLite, --length 10     40  (CI: 40 in 60 s)      140 (CI: 40 in 17 s)
  SQLite, --length 30     37                        102
  PostgreSQL, --length 10 10  (CI: 20 in 119 s)     36  (CI: 20 in 33 s)
Per script the oracle cost 1.3 s (interpreter start and imports: a forked child takes
0.2 s), ormsh 0.03 s, the comparison 0.003 s (0.3 s on a server: reflection); on
PostgreSQL the two DROP DATABASEs took 2.8 s (now the schema is dropped: 0.1 s).

A divergence's signature is "op|what|detail": the kind of the first statement
whose events differ (construct, merge, flush, ...), what differs there (sql,
states, expire, out, rows:TABLE, panic, crash, timeout) and a short detail (the
SQL verbs or the error types). The same seed, schema list, length and backend
give the same scripts. Last line: "fuzz: N passed, N failed" (failed = scripts
with a divergence not in the known list; with --ci, only those that fail CI).
"""
import argparse, concurrent.futures, importlib.util, os, pathlib, queue, random, re, shlex, shutil, subprocess, sys, \
    tempfile, threading, time

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
import gen  # noqa: E402
import warm  # noqa: E402

SETUPS = {"blog": "blog_rows", "shop": "shop_rows", "hr": "hr_rows"}  # tests/cases/setups/NAME.sql


def load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class Backend:
    """Fresh expected/actual databases for each run, on SQLite files or on a server."""

    def __init__(self, shared, url, suffix, work, fresh_oracle=False):
        self.conf = pathlib.Path(shared) / "conformance"
        self.oracle = self.conf / "oracle.py"
        self.compare = load_module("ormsh_compare", self.conf / "compare.py")
        self.run_py = load_module("ormsh_run", self.conf / "run.py") if url else None
        self.url = url
        self.suffix = suffix
        self.work = pathlib.Path(work)
        self.work.mkdir(parents=True, exist_ok=True)
        self.bases = {}
        self.warm = None if fresh_oracle else warm.Warm()
        self.dbs = None  # on a server: (oracle URL, ormsh's database for the oracle, for ormsh)
        self.pg = bool(url) and url.startswith("postgres")
        self.admin = None  # MariaDB/MySQL: the engine that re-creates the databases

    def reset_schemas(self):
        """Empties the two databases of the last run, faster than run.py's server_dbs (which a
        failure here falls back to): on PostgreSQL by dropping and re-creating their schema
        `public` (0.05 s, where DROP DATABASE waits for a checkpoint: 1.4 s each on this machine);
        on MariaDB/MySQL by DROP/CREATE DATABASE on a connection kept open (no new engine each time)."""
        import sqlalchemy as sa
        try:
            if self.pg:
                for u in self.dbs[:2]:
                    eng = sa.create_engine(u, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
                    try:
                        with eng.connect() as c:
                            c.exec_driver_sql("SET lock_timeout = '10s'")
                            c.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
                    finally:
                        eng.dispose()
                return True
            if self.admin is None:
                self.admin = sa.create_engine(sa.engine.make_url(self.dbs[0]).set(database=None),
                                              isolation_level="AUTOCOMMIT")
            with self.admin.connect() as c:
                for u in self.dbs[:2]:
                    db = sa.engine.make_url(u).database
                    c.exec_driver_sql(f"DROP DATABASE IF EXISTS {db}")
                    c.exec_driver_sql(f"CREATE DATABASE {db}")
            return True
        except Exception:  # noqa: BLE001 - a lingering connection: start over with new databases
            return False

    def close(self):
        if self.warm:
            self.warm.close()
        if self.admin is not None:
            self.admin.dispose()

    def init_db(self, schema, url):
        cmd = self.init_cmd(schema, url)
        if self.warm:
            err = self.work / "init.err"
            if self.warm.run(cmd[1:], os.devnull, err, timeout=120):
                raise RuntimeError(f"database set-up failed: {err.read_text(errors='replace')[-300:]}")
            return
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if done.returncode:
            raise RuntimeError(f"database set-up failed: {done.stderr.decode(errors='replace')[-300:]}")

    def setup_file(self, schema):
        name = SETUPS.get(schema)
        return REPO / "tests" / "cases" / "setups" / f"{name}.sql" if name else None

    def init_cmd(self, schema, url):
        setup = self.setup_file(schema)
        return [sys.executable, str(self.oracle), "--schema", str(REPO / "schemas" / f"{schema}.json"),
                "--url", url, "--init-only"] + (["--setup", str(setup)] if setup else [])

    def fresh(self, schema, tag):
        """(oracle URL, ormsh URL, expected db, actual db) for one run."""
        if self.url:
            if self.dbs is None or not self.reset_schemas():
                self.dbs = self.run_py.server_dbs(self.url, "fuzz", self.suffix)
            exp, act_oracle, act = self.dbs
            if self.warm:
                for u in (exp, act_oracle):
                    self.init_db(schema, u)
                return exp, act, exp, act_oracle
            procs = [subprocess.Popen(self.init_cmd(schema, u), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                     for u in (exp, act_oracle)]
            for p in procs:
                _, err = p.communicate()
                if p.returncode:
                    raise RuntimeError(f"database set-up failed: {err.decode(errors='replace')[-300:]}")
            return exp, act, exp, act_oracle
        base = self.bases.get(schema)
        if base is None:
            base = self.work / f"base-{schema}.db"
            base.unlink(missing_ok=True)
            self.init_db(schema, f"sqlite:///{base}")
            self.bases[schema] = base
        exp, act = self.work / f"{tag}-expected.db", self.work / f"{tag}-actual.db"
        shutil.copy(base, exp)
        shutil.copy(base, act)
        return f"sqlite:///{exp}", f"sqlite:///{act}", str(exp), str(act)


HEADER_LINES = 3  # "# schema:", "# setup:" (or a comment), "# fuzz ..." precede the units


def render(schema, units, note=""):
    setup = SETUPS.get(schema)
    lines = [f"# schema: {schema}", f"# setup: {setup}" if setup else "# (no setup)",
             f"# {note or 'session_fuzz script'}"]
    starts = []
    for u in units:
        starts.append(len(lines) + 1)
        lines.extend(u.lines)
    return "\n".join(lines) + "\n", starts


def op_at(units, starts, line):
    k = None
    for i, s in enumerate(starts):
        if s <= line:
            k = i
    return units[k].op if k is not None else "?"


def run_script(backend, ormsh, schema, units, tag, timeout=60, fresh=False):
    """Returns (signature or None, details text). The oracle runs in a child forked from the
    backend's warm interpreter unless `fresh` (or the backend has none): then in a new one."""
    text, starts = render(schema, units)
    script = backend.work / f"{tag}.py"
    script.write_text(text)
    exp_url, act_url, exp_db, act_db = backend.fresh(schema, tag)
    schema_path = REPO / "schemas" / f"{schema}.json"
    exp_out, act_out = backend.work / f"{tag}-expected.jsonl", backend.work / f"{tag}-actual.jsonl"
    oracle_cmd = [sys.executable, str(backend.oracle), "--schema", str(schema_path), "--url", exp_url, str(script)]
    with open(exp_out, "w") as fe, open(act_out, "w") as fa:
        r = subprocess.Popen(shlex.split(ormsh) + ["--schema", str(schema_path), "--format", "jsonl", "-f",
                                                   str(script), act_url],
                             stdout=fa, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        if backend.warm and not fresh:
            err_path = backend.work / f"{tag}-oracle.err"
            try:
                code = backend.warm.run(oracle_cmd[1:], exp_out, err_path, timeout=timeout)
            except warm.Timeout:
                r.kill(); r.communicate()
                return "oracle-timeout", "the oracle timed out"
            o = subprocess.CompletedProcess(oracle_cmd, code)
            o_err = err_path.read_bytes()
        else:
            o = subprocess.Popen(oracle_cmd, stdout=fe, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                 env=dict(os.environ, PYTHONHASHSEED="0"))
            try:
                _, o_err = o.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                o.kill(); r.kill(); o.communicate(); r.communicate()
                return "oracle-timeout", "the oracle timed out"
        try:
            _, r_err = r.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            r.kill(); r.communicate()
            return f"{last_op(units, starts, act_out)}|timeout|", f"ormsh timed out after {timeout} s"
    if o.returncode != 0:
        return "oracle-error", o_err.decode(errors="replace")[-500:]
    r_err = r_err.decode(errors="replace")
    if r.returncode not in (0, 1):
        m = re.search(r"panicked at ([^\s:]+:\d+)", r_err)
        what = f"panic|{m.group(1)}" if m else f"crash|exit {r.returncode}"
        return f"{last_op(units, starts, act_out)}|{what}", r_err[-800:]
    cmp = backend.compare
    order, exp = cmp.load(str(exp_out))
    _, act = cmp.load(str(act_out))
    for line in order:
        e, g = exp[line], act.get(line)
        op = op_at(units, starts, line)
        if g is None:
            return f"{op}|missing|", f"line {line}: no events for this statement"
        for key in ("ops", "states", "expire", "out"):
            if e[key] != g[key]:
                detail = describe(key, e[key], g[key])
                shown = (sorted(e[key].items()), sorted(g[key].items())) if key == "states" else (e[key], g[key])
                return (f"{op}|{key}|{detail}",
                        f"line {line} ({op}): {key} differ\n    expected: {shown[0]}\n    actual:   {shown[1]}")
    da, db = cmp.dump(exp_db), cmp.dump(act_db)
    for t in sorted(set(da) | set(db)):
        if da.get(t) != db.get(t):
            return f"end|rows|{t}", f"table {t}: final rows differ\n    expected: {da.get(t)}\n    actual:   {db.get(t)}"
    return None, ""


def last_op(units, starts, act_out):
    line = None
    try:
        for raw in open(act_out):
            m = re.match(r'\{"ev":\s*"stmt",\s*"line":\s*(\d+)', raw)
            if m:
                line = int(m.group(1))
    except OSError:
        pass
    return op_at(units, starts, line) if line else "start"


def describe(key, e, g):
    """A short, stable detail of the first difference (kept equal while shrinking)."""
    if key == "ops":
        # which statements one side has and the other lacks: writes first (SQLAlchemy's own
        # flush order, and whether a lazy load happens inside it, can vary from run to run)
        ea = {f"{o[0]} {o[1]}" for o in e}
        ga = {f"{o[0]} {o[1]}" for o in g}
        for reads in (False, True):
            d = sorted([f"-{x}" for x in ea - ga if x.startswith("SELECT") == reads]
                       + [f"+{x}" for x in ga - ea if x.startswith("SELECT") == reads])
            if d:
                return " ".join(d[:3])
        return "order" if sorted(map(str, e)) == sorted(map(str, g)) else "params"
    if key == "out":
        for i in range(max(len(e), len(g))):
            a = e[i] if i < len(e) else None
            b = g[i] if i < len(g) else None
            if a != b:
                fa, fb = (x[1] if x and (x[0] == "error" or x[1].startswith("<")) else (x[0] if x else "-")
                          for x in (a, b))
                return f"{fa}/{fb}"
        return ""
    if key == "states":
        diff = sorted(set(k[1:] for k in (e - g) + (g - e)), key=str)
        return ",".join(f"{a}>{b}" for a, b in diff[:2])
    return ""


def shrink(backend, ormsh, schema, units, sig, tag, budget, fresh=False):
    """ddmin over units, keeping the signature; then one-at-a-time removal. Returns (units, runs)."""
    runs = 0

    def same(cand):
        nonlocal runs
        runs += 1
        try:
            s, _ = run_script(backend, ormsh, schema, cand, tag, fresh=fresh)
        except Exception:  # noqa: BLE001 - a set-up failure is not the divergence
            return False
        return s == sig

    n = 2
    while len(units) >= 2 and runs < budget:
        chunk = max(1, len(units) // n)
        reduced = False
        for i in range(0, len(units), chunk):
            if runs >= budget:
                break
            cand = units[:i] + units[i + chunk:]
            if cand and same(cand):
                units = cand
                n = max(n - 1, 2)
                reduced = True
                break
        if not reduced:
            if chunk == 1:
                break
            n = min(len(units), n * 2)
    i = len(units) - 1
    while i >= 0 and runs < budget and len(units) > 1:  # 1-minimal from the end
        cand = units[:i] + units[i + 1:]
        if same(cand):
            units = cand
        i -= 1
    return units, runs


def read_known(path):
    known = {}
    if path and pathlib.Path(path).exists():
        for raw in pathlib.Path(path).read_text().splitlines():
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            sig, _, why = raw.partition("#")
            known[sig.strip()] = why.strip()
    return known


RATCHET_HEAD = """# Seeds whose scripts agree with SQLAlchemy on this backend (session_fuzz.py --ratchet):
# CI runs them with the parameters of .ci/run's fuzz phase and fails when one diverges.
# Written by --update-ratchet; a seed that stops passing is a regression (or a new divergence
# to list in known.txt with its reason).
"""


def read_ratchet(path):
    out = set()
    if path and pathlib.Path(path).exists():
        for raw in pathlib.Path(path).read_text().splitlines():
            raw = raw.split("#", 1)[0].strip()
            if raw:
                out.add(int(raw))
    return out


# what the drivers say when a server drops a connection (psycopg2, PyMySQL, ormsh)
DROPPED = re.compile(r"server closed the connection|server has gone away|Lost connection to MySQL|"
                     r"connection already closed|Connection reset by peer|terminating connection")


def slug(sig):
    return re.sub(r"[^A-Za-z0-9]+", "_", sig).strip("_")[:80]


class Run:
    """One seed's whole verdict (run, confirmation, CI's re-runs, shrinking), for any job."""

    def __init__(self, a, known, ratchet, schemas):
        self.a, self.known, self.ratchet, self.schemas = a, known, ratchet, schemas
        self.seen = {}  # signature -> the seed that showed it first (shrunk once)
        self.lock = threading.Lock()

    def check(self, backend, schema, units, tag):
        """(signature, details, warm signature): a divergence of the warm oracle is confirmed by a
        fresh one, whose verdict counts (SQLAlchemy's order can depend on the interpreter's layout).
        A server that dropped a connection (a set-up that raised, or a run whose output names a lost
        connection) gets one retry on new databases before the script is counted."""
        try:
            sig, why, warm_sig = self.check_once(backend, schema, units, tag)
        except Exception as e:  # noqa: BLE001 - e.g. the server closed the set-up's connection
            sig, why, warm_sig = "setup-error", f"{type(e).__name__}: {e}", None
        if sig and backend.url and (sig == "setup-error" or DROPPED.search(why)):
            backend.dbs = None  # new databases and connections
            try:
                return self.check_once(backend, schema, units, tag)
            except Exception as e:  # noqa: BLE001
                return "setup-error", f"{type(e).__name__}: {e} (after a retry)", None
        return sig, why, warm_sig

    def check_once(self, backend, schema, units, tag):
        sig, why = run_script(backend, self.a.ormsh, schema, units, tag)
        if sig is None or backend.warm is None:
            return sig, why, sig
        fresh_sig, fresh_why = run_script(backend, self.a.ormsh, schema, units, tag, fresh=True)
        return fresh_sig, fresh_why, sig

    def seed(self, backend, seed):
        """Returns (kind, signature, text to print); kind is pass, warm-only, invalid, flaky, known,
        reported (a new divergence outside the ratchet under --ci) or fail."""
        a, known = self.a, self.known
        schema = self.schemas[seed % len(self.schemas)]
        g = gen.Generator(gen.Schema(REPO / "schemas" / f"{schema}.json"), random.Random(seed), a.length)
        units = g.script()
        sig, why, warm_sig = self.check(backend, schema, units, "s")
        if sig in ("oracle-error", "oracle-timeout", "setup-error"):
            return "invalid", sig, f"seed {seed} ({schema}): {sig} (script not counted)\n    {why.strip()[-300:]}"
        if sig is None:
            lines = []
            if warm_sig:
                lines.append(f"warm-only seed {seed} ({schema}): {warm_sig} under the warm oracle, none under a "
                             f"fresh one (counted as passing)")
            elif a.verbose:
                lines.append(f"ok    seed {seed} ({schema})")
            if a.ratchet and seed not in self.ratchet:
                lines.append(f"now passing: seed {seed} ({schema}): add it to {a.ratchet}")
            return ("warm-only" if warm_sig else "pass"), None, "\n".join(lines)
        crash = any(k in sig for k in ("|panic|", "|crash|", "|timeout|", "|missing|"))
        must_pass = seed in self.ratchet
        if a.ci and (must_pass or crash) and sig not in known:
            # only a divergence that shows the same way three times fails CI
            again = [run_script(backend, a.ormsh, schema, units, "s", fresh=True)[0] for _ in range(2)]
            if any(x != sig for x in again):
                return "flaky", sig, f"flaky seed {seed} ({schema}): {sig}, then {again} (not counted)"
        if sig in known:
            return "known", sig, f"known seed {seed} ({schema}): {sig}  # {known[sig]}"
        if a.ci and not (must_pass or crash):
            # a seed that diverged before may show a new first divergence once an earlier one is
            # fixed: reported, and CI's verdict is the ratchet of seeds that pass
            return "reported", sig, (f"new   seed {seed} ({schema}): {sig} (a seed outside the ratchet: reported)\n    "
                                     + why.replace("\n", "\n    "))
        lines = []
        if must_pass:
            lines.append(f"REGRESSION seed {seed} ({schema}) is in the ratchet {a.ratchet} and now diverges")
        with self.lock:
            first = self.seen.setdefault(sig, seed)
        if first != seed:
            lines.append(f"DIFF  seed {seed} ({schema}): {sig} (again; first seed {first})")
            return "fail", sig, "\n".join(lines)
        lines.append(f"DIFF  seed {seed} ({schema}): {sig}\n    " + why.replace("\n", "\n    "))
        if not a.no_shrink:
            fresh = warm_sig != sig
            small, runs = shrink(backend, a.ormsh, schema, units, sig, "m", a.shrink_budget, fresh)
            _, why2 = run_script(backend, a.ormsh, schema, small, "m", fresh=True)
            text, _ = render(schema, small, f"fuzz finding {sig} (seed {seed}, {a.url or 'sqlite'}; "
                                            f"shrunk from {len(units)} to {len(small)} steps in {runs} runs)")
            out = pathlib.Path(a.findings)
            out.mkdir(parents=True, exist_ok=True)
            dest = out / f"{slug(sig)}.py"
            dest.write_text(text + "".join(f"# {l}\n" for l in why2.splitlines()))
            lines.append(f"      shrunk to {len(small)} steps ({runs} runs): {dest}\n      "
                         + text.replace("\n", "\n      "))
        return "fail", sig, "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--seed", default="0")
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--schema", default="blog,shop,hr")
    ap.add_argument("--length", type=int, default=30)
    ap.add_argument("--url")
    ap.add_argument("--db-suffix", default="")
    ap.add_argument("--ormsh", default=os.environ.get("ORMSH", str(REPO / "target" / "debug" / "ormsh")))
    ap.add_argument("--shared", default=os.environ.get("ORMSH_SHARED", str(REPO.parent / "shared")))
    ap.add_argument("--findings", default=str(HERE / "findings"))
    ap.add_argument("--known", default=str(HERE / "known.txt"))
    ap.add_argument("--no-shrink", action="store_true")
    ap.add_argument("--shrink-budget", type=int, default=150, help="runs at most per shrink (default 150)")
    ap.add_argument("--ci", action="store_true")
    ap.add_argument("--ratchet", help="seeds that must pass (one a line); a seed of it that diverges fails --ci")
    ap.add_argument("--update-ratchet", action="store_true", help="write the seeds of this run that passed "
                    "into --ratchet (keeping the listed seeds outside this run)")
    ap.add_argument("--time-limit", type=float)
    ap.add_argument("--replay")
    ap.add_argument("--jobs", type=int, default=1, help="scripts run at once (default 1)")
    ap.add_argument("--fresh-oracle", action="store_true", help="start a new interpreter for every oracle run")
    ap.add_argument("--summary", help="write one line per seed (seed, outcome, signature) to this file")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    if not re.fullmatch(r"[A-Za-z0-9_]*", a.db_suffix):
        ap.error("--db-suffix takes letters, digits and _ only")
    if a.url and not a.db_suffix:
        ap.error("--url needs --db-suffix (the server is shared)")
    seed0 = random.SystemRandom().randrange(10 ** 9) if a.seed == "random" else int(a.seed)
    schemas = a.schema.split(",")
    known = read_known(a.known)
    work = pathlib.Path(tempfile.mkdtemp(prefix="ormsh-fuzz-"))
    # job j works in its own folder and, on a server, its own databases (suffix + j from the second job on)
    backends = [Backend(a.shared, a.url, a.db_suffix + (str(j) if j else ""), work / f"job{j}", a.fresh_oracle)
                for j in range(max(1, a.jobs))]
    backend = backends[0]
    start = time.time()
    try:
        if a.replay:
            text = pathlib.Path(a.replay).read_text()
            m = re.search(r"#\s*schema:\s*(\w+)", text)
            schema = m.group(1) if m else schemas[0]
            body = [l for l in text.splitlines() if not l.startswith("#")]
            units = [gen.Unit("replay", l) for l in body if l.strip()]
            sig, why = run_script(backend, a.ormsh, schema, units, "replay", fresh=True)
            print(f"signature: {sig}\n{why}" if sig else "no divergence")
            sys.exit(1 if sig else 0)
        print(f"fuzz: seeds {seed0}..{seed0 + a.count - 1}, schemas {a.schema}, length {a.length}, "
              f"backend {a.url or 'sqlite'}", flush=True)
        ratchet = read_ratchet(a.ratchet)
        ctx = Run(a, known, ratchet, schemas)
        pool_backends = queue.Queue()
        for b in backends:
            pool_backends.put(b)

        def task(seed):
            b = pool_backends.get()
            try:
                return ctx.seed(b, seed)
            finally:
                pool_backends.put(b)

        results = {}
        timed_out = None
        with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
            pending = {}
            nxt = 0
            for i in range(a.count):  # results are printed in seed order
                while nxt < a.count and len(pending) < 2 * a.jobs and timed_out is None:
                    if a.time_limit and time.time() - start > a.time_limit:
                        timed_out = nxt
                        break
                    pending[nxt] = pool.submit(task, seed0 + nxt)
                    nxt += 1
                if i not in pending:
                    break
                kind, sig, text = pending.pop(i).result()
                results[seed0 + i] = (kind, sig)
                if text:
                    print(text, flush=True)
        if timed_out is not None:
            print(f"time limit reached after {timed_out} scripts")
        counts, new_sigs, clean = {}, [], []
        passed = failed = known_n = invalid = warm_only = 0
        for seed, (kind, sig) in sorted(results.items()):
            if kind == "invalid":
                invalid += 1
                continue
            if sig:
                counts[sig] = counts.get(sig, 0) + 1
            if kind in ("pass", "flaky", "known", "reported", "warm-only"):
                passed += 1
            if kind == "pass":
                clean.append(seed)
            elif kind == "warm-only":
                clean.append(seed)
                warm_only += 1
            elif kind == "known":
                known_n += 1
            elif kind == "fail":
                failed += 1
            if kind in ("reported", "fail") and sig not in new_sigs:
                new_sigs.append(sig)
        if a.summary:
            pathlib.Path(a.summary).write_text("".join(f"{seed}\t{kind}\t{sig or ''}\n"
                                                       for seed, (kind, sig) in sorted(results.items())))
        total = passed + failed
        took = time.time() - start
        print(f"\nfuzz summary: {total} scripts ({invalid} not counted), {passed} without a new divergence "
              f"({known_n} known), {len(counts)} distinct signatures, {len(new_sigs)} new: "
              + ", ".join(new_sigs) + f"  [{took:.0f}s, {60 * (total + invalid) / max(took, 1e-9):.1f} scripts/min, "
              f"{a.jobs} job{'s' if a.jobs > 1 else ''}, {'fresh' if a.fresh_oracle else 'warm'} oracle"
              + (f"; {warm_only} divergence{'s' if warm_only != 1 else ''} of the warm oracle only" if warm_only else "")
              + "]")
        if a.update_ratchet and a.ratchet:
            keep = sorted(set(ratchet) - set(range(seed0, seed0 + a.count)) | set(clean))
            pathlib.Path(a.ratchet).write_text(RATCHET_HEAD + "".join(f"{x}\n" for x in keep))
            print(f"wrote {len(keep)} seeds to {a.ratchet}")
        print(f"fuzz: {passed} passed, {failed} failed")
        sys.exit(1 if (a.ci and failed) else 0)
    finally:
        for b in backends:
            b.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
