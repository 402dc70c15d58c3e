#!/usr/bin/env python3
"""The conformance ratchet: run every public conformance case through
shared/conformance/run.py (real SQLAlchemy beside ormsh) and hold ormsh to the
list of cases that passed before.

usage: conformance_ratchet.py [--shared DIR] [--ratchet FILE] [--cases DIR] [--ormsh CMD] [--url SERVER] [--db-suffix S]
                              [--jobs N] [--listed-only] [--no-fork]

  --shared   the project's shared/ folder (default $ORMSH_SHARED, else ../shared
             beside the repository, as CI lays it out)
  --ratchet  the list of cases that must pass, one file name a line, `#` comments
             (default by backend: tests/conformance-passing.txt for SQLite,
             tests/conformance-passing-postgresql.txt with a postgresql:// --url,
             tests/conformance-passing-mysql.txt with a mysql:// --url)
  --cases    the case folder (default SHARED/conformance/cases)
  --ormsh    the binary (default $ORMSH, else target/release/ormsh)
  --url      a PostgreSQL or MySQL/MariaDB server, passed on to run.py
  --db-suffix  passed on to run.py (several runs sharing one server)
  --jobs     run the cases in N run.py processes at once (default 1), each on its
             own share of the cases; on a server, worker j uses the databases of
             --db-suffix followed by _j, so the workers never share a database

Every case runs, listed or not (with --listed-only, just the listed ones). run.py runs under
tests/conformance_fork.py, which forks its oracle/compare children from a warm interpreter
(3-4x faster; --no-fork starts them as run.py alone does). Exit status 1 when a listed case fails or is
missing from the case folder; a case that passes without being listed is printed
as "now passing: add to the ratchet" (exit 0). The verdict line names the
backend; the last line is run.py's 'N passed, N failed' over all cases,
prefixed with "conformance:".
Called by .ci/run; the README shows how to run it by hand.
"""
import argparse, os, pathlib, subprocess, sys, tempfile

REPO = pathlib.Path(__file__).resolve().parent.parent


def backend_of(url):
    """'sqlite', 'postgresql' or 'mysql': the backend a --url (or its absence) selects."""
    if not url:
        return "sqlite"
    scheme = url.split(":", 1)[0].split("+", 1)[0]
    if scheme in ("postgresql", "postgres"):
        return "postgresql"
    if scheme in ("mysql", "mariadb"):
        return "mysql"
    sys.exit(f"--url {url}: not a postgresql:// or mysql:// server")


def default_ratchet(backend):
    name = "conformance-passing.txt" if backend == "sqlite" else f"conformance-passing-{backend}.txt"
    return str(REPO / "tests" / name)


def read_ratchet(path):
    names = []
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line in names:
            # two landings adding the same case: the count would lie
            sys.exit(f"{path}: {line} is listed twice")
        if line:
            names.append(line)
    return names


def run_cases(runner, cases, ormsh, url, db_suffix="", jobs=1, only=None, fork=True):
    """Run run.py over the case folder, echoing its output as it comes; return {case: (ok, detail lines)}.
    With jobs > 1 the cases are dealt round-robin to that many run.py processes (their output
    is collected per process and echoed when each finishes, so no two cases' lines interleave)."""
    files = sorted(cases.glob("*.py")) if cases.is_dir() else [cases]
    if only is not None:
        files = [f for f in files if f.name in only]
    jobs = max(1, min(jobs, len(files) or 1))
    shares = [files[j::jobs] for j in range(jobs)]
    # run.py under tests/conformance_fork.py: the same runner, its Python children forked warm
    launcher = [sys.executable] + ([str(REPO / "tests" / "conformance_fork.py")] if fork else [])
    procs = []
    for j, share in enumerate(shares):
        suffix = db_suffix + (f"_{j}" if jobs > 1 else "")
        cmd = launcher + [str(runner), "--ormsh", ormsh] + (["--url", url] if url else []) \
            + (["--db-suffix", suffix] if suffix else []) + [str(c) for c in share]
        out = tempfile.TemporaryFile(mode="w+") if jobs > 1 else subprocess.PIPE
        procs.append((subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, text=True, cwd=REPO), out))
    results = {}
    for proc, out in procs:
        if jobs > 1:  # each worker's output, read when it is done (a file: no worker blocks on a full pipe)
            proc.wait()
            out.seek(0)
            lines = out
        else:
            lines = proc.stdout
        current = None
        for line in lines:
            line = line.rstrip("\n")
            if line.startswith("ok    ") or line.startswith("FAIL  "):
                current = line[6:].strip()
                results[current] = (line.startswith("ok"), [])
                print(line, flush=True)
            elif line.startswith("      ") and current:
                results[current][1].append(line)
            elif line.strip() and not line.endswith(" failed"):  # run.py's own total is replaced by ours
                print(line, flush=True)  # anything unexpected from run.py (a crash, a missing file)
        proc.wait()
        if jobs > 1:
            out.close()
    if not results:
        print(f"run.py ran no case (exit {procs[0][0].returncode})")
        sys.exit(1)
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ratchet")
    ap.add_argument("--shared", default=os.environ.get("ORMSH_SHARED", str(REPO.parent / "shared")))
    ap.add_argument("--cases")
    ap.add_argument("--ormsh", default=os.environ.get("ORMSH", str(REPO / "target" / "release" / "ormsh")))
    ap.add_argument("--url")
    ap.add_argument("--db-suffix", default="", help="passed on to run.py: server databases ormsh_exp<S>/ormsh_act<S>, "
                    "so that several runs can share one server")
    ap.add_argument("--jobs", type=int, default=1, help="run.py processes at once (each on a share of the cases)")
    ap.add_argument("--listed-only", action="store_true", help="run only the cases of the ratchet list (no "
                    "'now passing' report for the others; CI's quick mode)")
    ap.add_argument("--no-fork", action="store_true", help="start run.py's Python children as new processes "
                    "(as run.py does by hand) instead of forking them from a warm interpreter")
    a = ap.parse_args()
    conformance = pathlib.Path(a.shared) / "conformance"
    runner = conformance / "run.py"
    if not runner.exists():
        sys.exit(f"conformance runner not found at {runner} (shared/ must sit beside the repository)")
    backend = backend_of(a.url)
    a.ratchet = a.ratchet or default_ratchet(backend)
    listed = read_ratchet(pathlib.Path(a.ratchet))
    results = run_cases(runner, pathlib.Path(a.cases or conformance / "cases"), a.ormsh, a.url, a.db_suffix, a.jobs,
                        only=set(listed) if a.listed_only else None, fork=not a.no_fork)

    regressed = [c for c in listed if c in results and not results[c][0]]
    missing = [c for c in listed if c not in results]
    newly = [c for c, (ok, _) in results.items() if ok and c not in listed]
    still_failing = [c for c, (ok, _) in results.items() if not ok and c not in listed]

    print()
    for c in regressed:
        print(f"REGRESSED (listed in {pathlib.Path(a.ratchet).name}, now failing): {c}")
        for d in results[c][1]:
            print(d)
    for c in missing:
        print(f"MISSING (listed, but no such case): {c}")
    for c in newly:
        print(f"now passing: add to the ratchet: {c}")
    if still_failing:
        print(f"not yet passing ({len(still_failing)}, not listed): {' '.join(still_failing)}")
    passed = sum(1 for ok, _ in results.values() if ok)
    verdict = "FAILED" if regressed or missing else "ok"
    print(f"ratchet {verdict} ({backend}, {pathlib.Path(a.ratchet).name}): {len(listed)} listed, {len(regressed)} regressed, {len(missing)} missing, "
          f"{len(newly)} newly passing")
    print(f"conformance: {passed} passed, {len(results) - passed} failed")
    sys.exit(1 if regressed or missing else 0)


if __name__ == "__main__":
    main()
