#!/usr/bin/env python3
"""shared/conformance/run.py, with its Python children forked from a warm interpreter.

usage: conformance_fork.py RUN_PY [run.py's arguments...]

run.py starts a fresh `python3 oracle.py …` two or three times per case and a
`python3 compare.py …` once; each start imports SQLAlchemy (and on servers
psycopg2/PyMySQL) again, which is most of a case's CPU time on this 2-core machine.
This wrapper imports those modules once, loads run.py as a module and replaces the
`subprocess` it uses by one whose `run()` forks for a command that runs oracle.py or
compare.py: the child executes that file as `__main__` with the same argv, standard
streams and exit status a new process would have, so run.py's logic (the contract
in shared/) is used unchanged. Every other command (ormsh itself) is started as a
real process. Nothing of a case survives in the parent: mapped classes, engines and
connections exist only in the forked child.
"""
import importlib.util, io, os, pathlib, runpy, subprocess as _subprocess, sys, tempfile, traceback, types

import sqlalchemy  # noqa: F401  (warm imports: what every oracle/compare child needs)
import sqlalchemy.orm  # noqa: F401
import sqlalchemy.dialects.sqlite  # noqa: F401

for _optional in ("psycopg2", "pymysql", "sqlalchemy.dialects.postgresql", "sqlalchemy.dialects.mysql"):
    try:
        importlib.import_module(_optional)
    except ImportError:
        pass

FORKED = ("oracle.py", "compare.py")


def _forked_run(cmd, *, stdout=None, stderr=None, capture_output=False, text=False, input=None,
                stdin=None, timeout=None, check=False, **kwargs):
    """subprocess.run for `python3 FILE.py args…`, FILE one of FORKED: run FILE in a forked child."""
    if capture_output:
        stdout = stderr = _subprocess.PIPE
    outs = {}
    fds = {}
    for name, target, fd in (("stdout", stdout, 1), ("stderr", stderr, 2)):
        if target == _subprocess.PIPE:
            tmp = tempfile.TemporaryFile()
            outs[name] = tmp
            fds[fd] = tmp.fileno()
        elif target is None:
            fds[fd] = fd
        elif target == _subprocess.DEVNULL:
            fds[fd] = os.open(os.devnull, os.O_WRONLY)
        else:
            fds[fd] = target.fileno() if hasattr(target, "fileno") else target
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: a fresh `python3 FILE args…` as far as FILE can tell
        code = 1
        try:
            devnull = os.open(os.devnull, os.O_RDONLY)
            os.dup2(devnull, 0)
            for fd, src in fds.items():
                if src != fd:
                    os.dup2(src, fd)
            sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False))
            sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), write_through=False)
            sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), write_through=True)
            sys.argv = list(cmd[1:])
            sys.path[0] = str(pathlib.Path(cmd[1]).resolve().parent)
            try:
                runpy.run_path(cmd[1], run_name="__main__")
                code = 0
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
                if not isinstance(e.code, int) and e.code is not None:
                    print(e.code, file=sys.stderr)
            except BaseException:  # noqa: BLE001 - as an uncaught exception in a new interpreter
                traceback.print_exc()
                code = 1
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    got = {}
    for name, tmp in outs.items():
        tmp.seek(0)
        data = tmp.read()
        tmp.close()
        got[name] = data.decode(errors="replace") if text else data
    done = _subprocess.CompletedProcess(cmd, code, got.get("stdout"), got.get("stderr"))
    if check:
        done.check_returncode()
    return done


def _run(cmd, *args, **kwargs):
    if (len(cmd) >= 2 and cmd[0] == sys.executable and pathlib.Path(str(cmd[1])).name in FORKED
            and not args and kwargs.get("input") is None):
        return _forked_run(cmd, **kwargs)
    return _subprocess.run(cmd, *args, **kwargs)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__.split("\n\n")[1])
    run_py = pathlib.Path(sys.argv[1]).resolve()
    spec = importlib.util.spec_from_file_location("conformance_run", run_py)
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    shim = types.SimpleNamespace(**{k: getattr(_subprocess, k) for k in dir(_subprocess) if not k.startswith("__")})
    shim.run = _run
    run.subprocess = shim
    sys.argv = [str(run_py)] + sys.argv[2:]
    run.main()


if __name__ == "__main__":
    main()
