#!/usr/bin/env python3
"""shared/conformance/run.py, with its set-up and compare children forked from a warm interpreter.

usage: conformance_fork.py RUN_PY [run.py's arguments...]

run.py starts a fresh `python3 oracle.py …` two or three times per case and a
`python3 compare.py …` once; each start imports SQLAlchemy (and on servers
psycopg2/PyMySQL) again, which is most of a case's CPU time on this 2-core machine.
This wrapper imports those modules once, loads run.py as a module and replaces the
`subprocess` it uses by one whose `run()` forks for a command that runs compare.py or
oracle.py --init-only: the child executes that file as `__main__` with the same argv,
standard streams and exit status a new process would have, so run.py's logic (the
contract in shared/) is used unchanged. The oracle's run of the case itself is a new
process, as run.py starts it (see `_forkable`: a forked SQLAlchemy can order some
statements differently). Every other command (ormsh itself) is started as a
real process. Nothing of a case survives in the parent: mapped classes, engines and
connections exist only in the forked child.

The oracle's run of a case is forked too, but not from this busy parent: from a
*zygote*, a second fresh interpreter that has done nothing but the imports a new
`python3 oracle.py` makes at its start (SQLAlchemy, and the server drivers it loads
on connect), then waits. A new interpreter spends about 80% of an oracle run's CPU
importing SQLAlchemy (0.45 of 0.55 s here); forking a zygote skips that. Its children
start from the heap a new interpreter has after those imports, so SQLAlchemy's
orders that follow object addresses (the order of selectin loads of one query, for
one) come out as in a new process, which a child of the parent, whose heap run.py
has churned, did not (`ORMSH_CONFORMANCE_ZYGOTE=0` starts the oracle anew per case).
The zygote's heap still differs from a new interpreter's by what this file defines, so
an order SQLAlchemy takes from object addresses (the post-loads of one query, from
`Mapper._prop_set`) may change when this file changes: cases must not depend on one
(docs/divergences.md).
"""
import importlib.util, io, json, os, pathlib, runpy, socket, struct, subprocess as _subprocess, sys, tempfile, traceback, types

import sqlalchemy  # noqa: F401  (warm imports: what every oracle/compare child needs)
import sqlalchemy.orm  # noqa: F401
import sqlalchemy.dialects.sqlite  # noqa: F401

for _optional in ("psycopg2", "pymysql", "sqlalchemy.dialects.postgresql", "sqlalchemy.dialects.mysql"):
    try:
        importlib.import_module(_optional)
    except ImportError:
        pass


def _completed(cmd, launch, *, stdout=None, stderr=None, capture_output=False, text=False, check=False):
    """subprocess.run's result for `cmd`, run by `launch(fds) -> exit status` with its standard
    output and error on the descriptors `fds` ({1: fd, 2: fd}) that `stdout`/`stderr` ask for."""
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
    code = launch(fds)
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


def _forked_run(cmd, *, stdout=None, stderr=None, capture_output=False, text=False, input=None,
                stdin=None, timeout=None, check=False, **kwargs):
    """subprocess.run for `python3 FILE.py args…`, FILE one of FORKED: run FILE in a forked child."""
    def launch(fds):
        pid = os.fork()
        if pid == 0:  # the child: a fresh `python3 FILE args…` as far as FILE can tell
            _child_exec(cmd, fds)
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)
    return _completed(cmd, launch, stdout=stdout, stderr=stderr, capture_output=capture_output, text=text, check=check)


def _child_exec(cmd, fds, cwd=None):
    """In a forked child: become `python3 FILE args…` with stdout/stderr on the given fds; never returns."""
    code = 1
    try:
        if cwd:
            os.chdir(cwd)
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


def _zygote_main(fd):
    """The zygote: the imports of a new oracle.py, then one forked child per request.
    A request is one SEQPACKET message (JSON: argv, cwd) carrying the child's stdout and
    stderr descriptors; the reply is the child's exit status (4 bytes)."""
    import argparse, ast, datetime, decimal  # noqa: F401,E401  (oracle.py's own imports, in its order)
    import sqlalchemy  # noqa: F401,F811
    import sqlalchemy.engine  # noqa: F401
    import sqlalchemy.orm  # noqa: F401,F811
    for name in ("sqlalchemy.dialects.sqlite", "psycopg2", "pymysql",
                 "sqlalchemy.dialects.postgresql.psycopg2", "sqlalchemy.dialects.mysql.pymysql"):
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    sock = socket.socket(fileno=fd)
    while True:
        try:
            msg, got, _, _ = socket.recv_fds(sock, 1 << 16, 2)
        except OSError:
            break
        if not msg:
            break
        req = json.loads(msg)
        pid = os.fork()
        if pid == 0:
            sock.close()
            _child_exec(req["argv"], {1: got[0], 2: got[1]}, req.get("cwd"))
        for f in got:
            os.close(f)
        _, status = os.waitpid(pid, 0)
        sock.sendall(struct.pack("!i", os.waitstatus_to_exitcode(status)))
    os._exit(0)


class _Zygote:
    """The parent's end of the zygote (started on first use)."""
    sock = None

    @classmethod
    def run(cls, cmd, out_fd, err_fd):
        if cls.sock is None:
            mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            env = dict(os.environ, ORMSH_ORACLE_ZYGOTE_FD=str(theirs.fileno()))
            cls.proc = _subprocess.Popen([sys.executable, str(pathlib.Path(__file__).resolve())],
                                         pass_fds=[theirs.fileno()], env=env, stdin=_subprocess.DEVNULL)
            theirs.close()
            cls.sock = mine
        socket.send_fds(cls.sock, [json.dumps({"argv": [str(c) for c in cmd], "cwd": os.getcwd()}).encode()],
                        [out_fd, err_fd])
        reply = cls.sock.recv(4)
        if len(reply) != 4:
            raise RuntimeError("the oracle zygote died")
        return struct.unpack("!i", reply)[0]


def _zygote_run(cmd, *, stdout=None, stderr=None, capture_output=False, text=False, check=False, **kwargs):
    """subprocess.run for `python3 oracle.py … CASE`: a child of the zygote runs it."""
    return _completed(cmd, lambda fds: _Zygote.run(cmd, fds[1], fds[2]),
                      stdout=stdout, stderr=stderr, capture_output=capture_output, text=text, check=check)


def _forkable(cmd):
    """compare.py, and oracle.py setting up a database (--init-only): their output does not
    depend on the interpreter's memory layout. The oracle running a case always starts fresh:
    SQLAlchemy orders some work by object identity (the order of selectin loads of one query,
    for one), which a forked child, laid out differently from a new interpreter, can change."""
    name = pathlib.Path(str(cmd[1])).name
    return name == "compare.py" or (name == "oracle.py" and "--init-only" in cmd)


def _run(cmd, *args, **kwargs):
    plain = len(cmd) >= 2 and cmd[0] == sys.executable and not args and kwargs.get("input") is None
    if plain and _forkable(cmd):
        return _forked_run(cmd, **kwargs)
    if (plain and pathlib.Path(str(cmd[1])).name == "oracle.py" and not kwargs.get("timeout")
            and os.environ.get("ORMSH_CONFORMANCE_ZYGOTE", "1") != "0"):
        return _zygote_run(cmd, **kwargs)
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
    if "ORMSH_ORACLE_ZYGOTE_FD" in os.environ:
        _zygote_main(int(os.environ.pop("ORMSH_ORACLE_ZYGOTE_FD")))
    main()
