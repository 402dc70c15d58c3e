#!/usr/bin/env python3
"""The conformance ratchet: run every public conformance case through
shared/conformance/run.py (real SQLAlchemy beside ormsh) and hold ormsh to the
list of cases that passed before.

usage: conformance_ratchet.py [--shared DIR] [--ratchet FILE] [--cases DIR] [--ormsh CMD] [--url SERVER] [--db-suffix S]

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

Every case runs, listed or not. Exit status 1 when a listed case fails or is
missing from the case folder; a case that passes without being listed is printed
as "now passing: add to the ratchet" (exit 0). The verdict line names the
backend; the last line is run.py's 'N passed, N failed' over all cases,
prefixed with "conformance:".
Called by .ci/run; the README shows how to run it by hand.
"""
import argparse, os, pathlib, subprocess, sys

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
        if line:
            names.append(line)
    return names


def run_cases(runner, cases, ormsh, url, db_suffix=""):
    """Run run.py, echoing its output as it comes; return {case: (ok, detail lines)}."""
    cmd = [sys.executable, str(runner), "--ormsh", ormsh] + (["--url", url] if url else []) \
        + (["--db-suffix", db_suffix] if db_suffix else []) + [str(cases)]
    results, current = {}, None
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO) as proc:
        for line in proc.stdout:
            line = line.rstrip("\n")
            if line.startswith("ok    ") or line.startswith("FAIL  "):
                current = line[6:].strip()
                results[current] = (line.startswith("ok"), [])
                print(line, flush=True)
            elif line.startswith("      ") and current:
                results[current][1].append(line)
            elif line.strip() and not line.endswith(" failed"):  # run.py's own total is replaced by ours
                print(line, flush=True)  # anything unexpected from run.py (a crash, a missing file)
    if not results:
        print(f"run.py ran no case (exit {proc.returncode})")
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
    a = ap.parse_args()
    conformance = pathlib.Path(a.shared) / "conformance"
    runner = conformance / "run.py"
    if not runner.exists():
        sys.exit(f"conformance runner not found at {runner} (shared/ must sit beside the repository)")
    backend = backend_of(a.url)
    a.ratchet = a.ratchet or default_ratchet(backend)
    listed = read_ratchet(pathlib.Path(a.ratchet))
    results = run_cases(runner, pathlib.Path(a.cases or conformance / "cases"), a.ormsh, a.url, a.db_suffix)

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
