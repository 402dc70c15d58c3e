#!/usr/bin/env python3
"""What SQLAlchemy's automap makes of a database, in the form of the
`tests/reflect/*.automap` listings that tests/reflect.rs and
tests/reflect_servers.rs compare ormsh's `--reflect` mapping with.

usage: python3 scripts/tools/automap_dump.py URL > tests/reflect/NAME.automap

URL as SQLAlchemy takes it (`sqlite:////abs/path.db`,
`postgresql+psycopg2://postgres@127.0.0.1/pagila`,
`mysql+pymysql://root@127.0.0.1/sakila`). SQLAlchemy 2.1 defaults
`postgresql://` to psycopg 3; say `+psycopg2` when only psycopg2 is installed.

One line per class (sorted): `class NAME [TABLE] col*! ...` (`*` primary key,
`!` NOT NULL), then one line per relationship (sorted): direction, target,
secondary, back_populates, cascade, passive_deletes and the column pairs.

Deterministic: `automap_base().prepare()` walks each table's foreign-key
constraints in Python set order, which changes with the string hash seed, and
when two constraints join the same two tables (Sakila's film.language_id and
film.original_language_id) the outcome depends on it. Here each table's
constraints are put in reflection order first (`Inspector.get_foreign_keys`:
declaration order on SQLite, constraint names on PostgreSQL and MySQL), the
order ormsh takes them in, so the listing is the outcome SQLAlchemy gives for
the hash seeds that walk them in that order.
"""
import sys

from sqlalchemy import MetaData, create_engine, inspect
from sqlalchemy.ext.automap import automap_base
from sqlalchemy.orm import configure_mappers
from sqlalchemy.orm.interfaces import MANYTOMANY, MANYTOONE, ONETOMANY
from sqlalchemy.sql.schema import ForeignKeyConstraint
from sqlalchemy.util import OrderedSet


def reflection_ordered(engine, metadata):
    insp = inspect(engine)
    for table in metadata.tables.values():
        order = [tuple(fk["constrained_columns"]) for fk in insp.get_foreign_keys(table.name, schema=table.schema)]

        def key(c):
            if not isinstance(c, ForeignKeyConstraint):
                return (0, 0)
            cols = tuple(e.parent.name for e in c.elements)
            return (1, order.index(cols) if cols in order else len(order))

        table.constraints = OrderedSet(sorted(table.constraints, key=key))


def main():
    engine = create_engine(sys.argv[1])
    metadata = MetaData()
    metadata.reflect(engine)
    reflection_ordered(engine, metadata)
    Base = automap_base(metadata=metadata)
    Base.prepare()
    configure_mappers()
    names = {ONETOMANY: "ONETOMANY", MANYTOONE: "MANYTOONE", MANYTOMANY: "MANYTOMANY"}
    col = lambda c: f"{c.table.name}.{c.name}"
    for cls in sorted(Base.classes, key=lambda c: c.__name__):
        m = cls.__mapper__
        t = m.local_table
        cols = " ".join(f"{c.name}{'*' if c.primary_key else ''}{'' if c.nullable else '!'}" for c in t.columns)
        print(f"class {cls.__name__} [{t.name}] {cols}")
        for r in sorted(m.relationships, key=lambda r: r.key):
            if r.secondary is not None:
                pairs = [f"{col(a)}={col(b)}" for a, b in r.synchronize_pairs + r.secondary_synchronize_pairs]
                sec = f" secondary={r.secondary.name}"
            else:
                pairs = [f"{col(a)}={col(b)}" for a, b in r.local_remote_pairs]
                sec = ""
            print(
                f"  {r.key}: {names[r.direction]} {r.mapper.class_.__name__}{sec} back_populates={r.back_populates} "
                f"cascade={','.join(sorted(r.cascade))} passive_deletes={r.passive_deletes} [{','.join(pairs)}]"
            )


if __name__ == "__main__":
    main()
