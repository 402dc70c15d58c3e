#!/usr/bin/env python3
"""A warm Python interpreter that runs shared/conformance/oracle.py in forked children
(the fuzzer's fast oracle; see tests/conformance_fork.py for the same idea in the
conformance runner).

Starting `python3 oracle.py …` imports SQLAlchemy (and on servers psycopg2/PyMySQL)
every time: about 1.3 s of a fuzz script's 1.4 s on this machine, while ormsh takes
0.03 s. `Warm` starts this file once as a *zygote* process (PYTHONHASHSEED=0, as the
fresh oracle runs): it imports those modules and then serves requests on its stdin;
each request forks a child that runs oracle.py as `__main__` with the given argv and
its stdout/stderr in the given files, exactly as a new process would. The zygote
itself stays single-threaded and idle between forks, so every child starts from the
same memory layout and a script gives the same trace run after run.

A forked child is laid out differently from a new interpreter, and SQLAlchemy orders
a little of its work by object identity (sets of states), so its trace can differ
from a fresh oracle's in statement order; session_fuzz.py therefore confirms every
divergence the warm oracle shows with a fresh one (`--fresh-oracle` makes every run
fresh).

Protocol (one JSON object a line): request {"argv": [...], "stdout": PATH,
"stderr": PATH}; replies {"pid": N} once forked and {"code": N} when the child ends.
"""
import importlib, io, json, os, pathlib, runpy, select, signal, subprocess, sys, time, traceback


def _serve():
    import sqlalchemy  # noqa: F401  (what every oracle child needs, imported once)
    import sqlalchemy.orm  # noqa: F401
    import sqlalchemy.dialects.sqlite  # noqa: F401
    for optional in ("psycopg2", "pymysql", "sqlalchemy.dialects.postgresql", "sqlalchemy.dialects.mysql",
                     "sqlalchemy.dialects.postgresql.psycopg2", "sqlalchemy.dialects.mysql.pymysql",
                     "argparse", "ast", "json", "decimal", "datetime"):
        try:
            importlib.import_module(optional)
        except ImportError:
            pass
    inp = io.TextIOWrapper(io.FileIO(0, "r", closefd=False))
    reply = io.FileIO(1, "w", closefd=False)
    for raw in inp:
        req = json.loads(raw)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                devnull = os.open(os.devnull, os.O_RDONLY)
                os.dup2(devnull, 0)
                for fd, path in ((1, req.get("stdout")), (2, req.get("stderr"))):
                    f = os.open(path or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                    os.dup2(f, fd)
                    os.close(f)
                sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False))
                sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), write_through=False)
                sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), write_through=True)
                sys.argv = list(req["argv"])
                sys.path[0] = str(pathlib.Path(sys.argv[0]).resolve().parent)
                try:
                    runpy.run_path(sys.argv[0], run_name="__main__")
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
        reply.write(f'{{"pid": {pid}}}\n'.encode())
        _, status = os.waitpid(pid, 0)
        reply.write(f'{{"code": {os.waitstatus_to_exitcode(status)}}}\n'.encode())


class Timeout(Exception):
    pass


class Warm:
    """One zygote; `run()` is not thread-safe (session_fuzz.py gives each job its own)."""

    def __init__(self):
        self.proc = None
        self.buf = b""

    def _start(self):
        self.proc = subprocess.Popen([sys.executable, __file__, "--serve"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     env=dict(os.environ, PYTHONHASHSEED="0"))
        self.buf = b""

    def _line(self, deadline):
        while b"\n" not in self.buf:
            left = None if deadline is None else deadline - time.time()
            if left is not None and left <= 0:
                raise Timeout()
            r, _, _ = select.select([self.proc.stdout], [], [], left)
            if not r:
                raise Timeout()
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                raise RuntimeError("the warm oracle process ended")
            self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\n")
        return json.loads(line)

    def run(self, argv, stdout, stderr, timeout=None):
        """Runs `python3 argv…` in a forked child; returns its exit status (raises Timeout)."""
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        self.proc.stdin.write((json.dumps({"argv": [str(a) for a in argv], "stdout": str(stdout),
                                           "stderr": str(stderr)}) + "\n").encode())
        self.proc.stdin.flush()
        deadline = None if timeout is None else time.time() + timeout
        pid = self._line(None)["pid"]
        try:
            return self._line(deadline)["code"]
        except Timeout:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._line(None)
            raise

    def close(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


if __name__ == "__main__" and sys.argv[1:] == ["--serve"]:
    _serve()
