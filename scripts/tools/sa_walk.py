#!/usr/bin/env python3
"""Run a `--reflect` walk script under real SQLAlchemy (automap), to check
what ormsh prints for it.

usage: python3 scripts/tools/sa_walk.py [--echo] URL SCRIPT

The script runs as `ormsh --reflect URL < SCRIPT` runs it: the database is
automapped (`automap_base().prepare(autoload_with=engine)`, constraints in
reflection order as in scripts/tools/automap_dump.py), each class is bound
under its name (and a name that is not an identifier also under its alias,
`Order Details` → `Order_Details`), with `engine`, `Session`, `session` and
the SQL/ORM helpers. Dot-command lines are skipped. Only what the script
prints is printed (with --echo, the SQL too), so

  diff <(python3 scripts/tools/sa_walk.py URL SCRIPT) \
       <(target/debug/ormsh --reflect --no-create --format jsonl URL < SCRIPT | \
         python3 -c 'import json,sys; [print(e["text"]) for e in map(json.loads, sys.stdin) if e["ev"] == "print"]')

shows where ormsh and SQLAlchemy print differently.
"""
import keyword
import re
import sys

import sqlalchemy as sa
import sqlalchemy.orm as orm
from sqlalchemy import MetaData, create_engine, inspect
from sqlalchemy.ext.automap import automap_base
from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from automap_dump import reflection_ordered  # noqa: E402


def alias(name):
    if name.isidentifier() and not keyword.iskeyword(name):
        return None
    out = re.sub(r"\W", "_", name)
    if not (out[:1].isalpha() or out[:1] == "_"):
        out = "_" + out
    return out + "_" if keyword.iskeyword(out) else out


def main():
    args = sys.argv[1:]
    echo = args[:1] == ["--echo"]
    url, script = args[-2], args[-1]
    engine = create_engine(url, echo=echo)
    metadata = MetaData()
    metadata.reflect(engine)
    reflection_ordered(engine, metadata)
    Base = automap_base(metadata=metadata)
    Base.prepare()
    ns = {"__name__": "__ormsh__", "engine": engine, "Session": sessionmaker(bind=engine)}
    ns["session"] = ns["Session"]()
    for name in ("select", "text", "func", "and_", "or_", "not_", "desc", "asc", "insert", "update", "delete",
                 "literal", "null", "true", "false", "exists", "case", "cast", "inspect", "create_engine"):
        ns[name] = getattr(sa, name)
    for name in ("sessionmaker", "make_transient", "make_transient_to_detached", "object_session", "aliased",
                 "joinedload", "selectinload", "lazyload", "raiseload", "noload", "defer", "undefer", "load_only",
                 "contains_eager", "with_parent", "scoped_session"):
        ns[name] = getattr(orm, name)
    for cls in Base.classes:
        ns[cls.__name__] = cls
        a = alias(cls.__name__)
        if a and a not in ns:
            ns[a] = cls
    with open(script) as f:
        lines = ["pass" if l.startswith(".") else l for l in f.read().splitlines()]
    exec(compile("\n".join(lines) + "\n", script, "exec"), ns)


if __name__ == "__main__":
    main()
