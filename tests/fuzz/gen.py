"""Random, valid Session scripts over a schema file (the generator half of session_fuzz.py).

A script is a list of *units*: one top-level statement each (a `with` or `try`
block is one unit of several lines), tagged with the kind of operation it does.
The shrinker removes units; the signature of a divergence names the kind of the
unit where it shows first. The generator keeps a rough model of the objects the
script made and of their states, so that most steps do something meaningful;
a step that fails (under SQLAlchemy too) is fine: the oracle records the error
and the script goes on with the next statement.
"""
import json
import random

STATES = ("transient", "pending", "persistent", "deleted", "detached")


class Unit:
    __slots__ = ("op", "lines")

    def __init__(self, op, lines):
        self.op = op
        self.lines = lines if isinstance(lines, list) else [lines]


class Schema:
    """The classes of a schema file with what the generator needs: columns and relationship kinds."""

    def __init__(self, path):
        with open(path) as f:
            raw = json.load(f)
        self.classes = {}
        tables = {c["table"]: n for n, c in raw["classes"].items()}
        for name, c in raw["classes"].items():
            cols = {}
            for col, spec in c["columns"].items():
                cols[col] = spec
            rels = {}
            for rel, r in c.get("relationships", {}).items():
                target = r["target"]
                fk_to_target = any(s.get("foreign_key", "").split(".")[0] == raw["classes"][target]["table"]
                                   for s in cols.values())
                if "secondary" in r:
                    kind = "m2m"
                elif target == name:
                    kind = "o2m" if r.get("uselist", True) else "o2o"
                elif fk_to_target:
                    kind = "m2o"
                else:
                    kind = "o2m" if r.get("uselist", True) else "o2o"
                rels[rel] = {"target": target, "kind": kind, "collection": kind in ("o2m", "m2m")}
            self.classes[name] = {"table": c["table"], "columns": cols, "rels": rels}
        self.tables = tables

    def data_columns(self, cls):
        """Columns a constructor sets: not the primary key, not the foreign keys."""
        return {k: s for k, s in self.classes[cls]["columns"].items()
                if not s.get("primary_key") and "foreign_key" not in s}

    def fk_columns(self, cls):
        return {k: s for k, s in self.classes[cls]["columns"].items() if "foreign_key" in s and not s.get("primary_key")}


WORDS = ["ed", "wendy", "mary", "jack", "x", "y", "new", "paid", "UPS", "python", "sql", "orm", "zed"]


class Generator:
    def __init__(self, schema, rng, length, existing_ids=3):
        self.s = schema
        self.r = rng
        self.length = length
        self.existing = existing_ids  # rows 1..N exist per table (the setup), ids beyond may not
        self.objs = {}     # var -> [class, state]
        self.counter = {}  # class -> n
        self.uniq = 0
        self.txs = []      # names of begin() transaction variables
        self.nested = []   # names of begin_nested() variables
        self.misc = 0

    # ---- values --------------------------------------------------------------
    def lit(self, spec, col):
        t = spec.get("type", "string")
        r = self.r
        if spec.get("nullable", True) and not spec.get("primary_key") and r.random() < 0.08:
            return "None"
        if t in ("string", "text"):
            n = spec.get("length", 100)
            if spec.get("unique"):
                self.uniq += 1
                if r.random() < 0.06:  # now and then a value that may clash with a row
                    return repr(r.choice(WORDS)[:n])
                return repr(f"{col[:4]}{self.uniq}"[:n])
            return repr(r.choice(WORDS + [f"{col}{r.randint(1, 9)}"])[:n])
        if t in ("integer", "biginteger", "smallinteger"):
            return str(r.randint(0, 20))
        if t in ("numeric", "float"):
            return r.choice(["1", "2.5", "0.75", "10"])
        if t == "boolean":
            return r.choice(["True", "False"])
        return None  # dates and the rest: left unset

    def pick_id(self):
        return self.r.choice([1, 1, 2, 2, 3, 3, 4, 5, 99])

    # ---- the object model ----------------------------------------------------
    def new_var(self, cls, state="transient"):
        n = self.counter.get(cls, 0) + 1
        self.counter[cls] = n
        var = f"{cls.lower()}{n}"
        self.objs[var] = [cls, state]
        return var

    def vars(self, cls=None, states=None):
        return [v for v, (c, st) in self.objs.items()
                if (cls is None or c == cls) and (states is None or st in states)]

    def pick(self, cls=None, states=None, fallback=True):
        vs = self.vars(cls, states)
        if not vs and fallback:
            vs = self.vars(cls)
        return self.r.choice(vs) if vs else None

    def set_states(self, frm, to):
        for o in self.objs.values():
            if o[1] in frm:
                o[1] = to

    # ---- operations ------------------------------------------------------------
    def op_construct(self):
        cls = self.r.choice(list(self.s.classes))
        kw = []
        for col, spec in self.s.data_columns(cls).items():
            if not spec.get("nullable", True) or self.r.random() < 0.7:
                v = self.lit(spec, col)
                if v is not None:
                    kw.append(f"{col}={v}")
        rels = self.s.classes[cls]["rels"]
        for rel, info in rels.items():
            if self.r.random() < 0.3:
                other = self.pick(info["target"])
                if other:
                    kw.append(f"{rel}=[{other}]" if info["collection"] else f"{rel}={other}")
        for col, spec in self.s.fk_columns(cls).items():
            if not spec.get("nullable", True) and not any(k.startswith(tuple(rels)) for k in kw):
                kw.append(f"{col}={self.r.randint(1, self.existing)}")
            elif self.r.random() < 0.1:
                kw.append(f"{col}={self.r.randint(1, self.existing)}")
        if self.r.random() < 0.05:
            kw.insert(0, f"id={self.r.choice([2, 50, 51])}")
        var = self.new_var(cls)
        return Unit("construct", f"{var} = {cls}({', '.join(kw)})")

    def op_add(self):
        v = self.pick(states=("transient", "detached", "deleted"))
        if not v:
            return None
        st = self.objs[v]
        st[1] = {"transient": "pending", "detached": "persistent"}.get(st[1], st[1])
        return Unit("add", f"session.add({v})")

    def op_add_all(self):
        vs = self.vars(states=("transient", "detached"))
        if len(vs) < 2:
            return None
        chosen = self.r.sample(vs, min(len(vs), self.r.randint(2, 3)))
        for v in chosen:
            self.objs[v][1] = "pending" if self.objs[v][1] == "transient" else "persistent"
        return Unit("add_all", f"session.add_all([{', '.join(chosen)}])")

    def op_delete(self):
        v = self.pick(states=("persistent",))
        if not v:
            return None
        self.objs[v][1] = "deleted"
        return Unit("delete", f"session.delete({v})")

    def op_flush(self):
        self.set_states(("pending",), "persistent")
        self.set_states(("deleted",), "gone")
        return Unit("flush", "session.flush()")

    def op_commit(self):
        self.set_states(("pending",), "persistent")
        self.set_states(("deleted", "gone"), "detached")
        self.txs.clear()
        self.nested.clear()
        return Unit("commit", "session.commit()")

    def op_rollback(self):
        self.set_states(("pending",), "transient")
        self.set_states(("deleted",), "persistent")
        self.txs.clear()
        self.nested.clear()
        return Unit("rollback", "session.rollback()")

    def op_begin(self):
        self.misc += 1
        name = f"tx{self.misc}"
        self.txs.append(name)
        return Unit("begin", f"{name} = session.begin()")

    def op_begin_nested(self):
        self.misc += 1
        name = f"sp{self.misc}"
        self.nested.append(name)
        return Unit("begin_nested", f"{name} = session.begin_nested()")

    def op_end_tx(self):
        if self.nested and self.r.random() < 0.8:
            name = self.nested.pop()
            how = self.r.choice(["commit", "rollback"])
            return Unit(f"nested_{how}", f"{name}.{how}()")
        if self.txs:
            name = self.txs.pop()
            how = self.r.choice(["commit", "rollback"])
            if how == "commit":
                self.set_states(("pending",), "persistent")
            return Unit(f"tx_{how}", f"{name}.{how}()")
        return None

    def op_with_nested(self):
        inner = []
        for _ in range(self.r.randint(1, 3)):
            u = self.r.choice([self.op_construct_add, self.op_set_attr, self.op_delete, self.op_flush,
                               self.op_collection, self.op_scalar_ref])()
            if u is not None and len(u.lines) == 1:
                inner.append("    " + u.lines[0])
        if not inner:
            inner = ["    pass"]
        lines = ["with session.begin_nested():"] + inner
        if self.r.random() < 0.3:
            lines.append("    raise ValueError('undo')")
        if self.r.random() < 0.6:
            lines = ["try:"] + ["    " + l for l in lines] + ["except Exception as e:", "    print(type(e).__name__)"]
        return Unit("with_nested", lines)

    def op_construct_add(self):
        u = self.op_construct()
        var = u.lines[0].split(" = ", 1)[0]
        self.objs[var][1] = "pending"
        return Unit("construct_add", [u.lines[0], f"session.add({var})"])

    def op_expire(self):
        v = self.pick(states=("persistent",))
        if not v:
            return None
        cls = self.objs[v][0]
        r = self.r.random()
        if r < 0.4:
            return Unit("expire", f"session.expire({v})")
        names = list(self.s.data_columns(cls)) + list(self.s.classes[cls]["rels"])
        attrs = self.r.sample(names, min(len(names), self.r.randint(1, 2)))
        return Unit("expire_attrs", f"session.expire({v}, {attrs!r})")

    def op_expire_all(self):
        return Unit("expire_all", "session.expire_all()")

    def op_refresh(self):
        v = self.pick(states=("persistent",))
        if not v:
            return None
        cls = self.objs[v][0]
        if self.r.random() < 0.6:
            return Unit("refresh", f"session.refresh({v})")
        names = list(self.s.data_columns(cls)) + list(self.s.classes[cls]["rels"])
        attrs = self.r.sample(names, min(len(names), self.r.randint(1, 2)))
        return Unit("refresh_attrs", f"session.refresh({v}, {attrs!r})")

    def op_expunge(self):
        v = self.pick(states=("persistent", "pending"))
        if not v:
            return None
        st = self.objs[v]
        st[1] = "detached" if st[1] == "persistent" else "transient"
        return Unit("expunge", f"session.expunge({v})")

    def op_expunge_all(self):
        self.set_states(("persistent", "deleted", "gone"), "detached")
        self.set_states(("pending",), "transient")
        return Unit("expunge_all", self.r.choice(["session.expunge_all()", "session.close()"]))

    def op_merge(self):
        v = self.pick(states=("detached", "transient", "persistent"))
        if not v:
            return None
        cls = self.objs[v][0]
        m = self.new_var(cls, "persistent")
        if self.r.random() < 0.3:
            return Unit("merge_noload", f"{m} = session.merge({v}, load=False)")
        return Unit("merge", f"{m} = session.merge({v})")

    def op_merge_new(self):
        cls = self.r.choice(list(self.s.classes))
        kw = [f"id={self.pick_id()}"]
        for col, spec in self.s.data_columns(cls).items():
            if self.r.random() < 0.5:
                v = self.lit(spec, col)
                if v is not None:
                    kw.append(f"{col}={v}")
        m = self.new_var(cls, "persistent")
        return Unit("merge_new", f"{m} = session.merge({cls}({', '.join(kw)}))")

    def op_make_transient(self):
        v = self.pick(states=("persistent", "detached"))
        if not v:
            return None
        if self.r.random() < 0.3:
            self.objs[v][1] = "detached"
            return Unit("make_transient_to_detached", f"make_transient_to_detached({v})")
        self.objs[v][1] = "transient"
        return Unit("make_transient", f"make_transient({v})")

    def op_get(self):
        cls = self.r.choice(list(self.s.classes))
        v = self.new_var(cls, "persistent")
        return Unit("get", f"{v} = session.get({cls}, {self.pick_id()})")

    def op_select_one(self):
        cls = self.r.choice(list(self.s.classes))
        v = self.new_var(cls, "persistent")
        how = self.r.choice(["first()", "one_or_none()", "first()"])
        return Unit("select_one", f"{v} = session.scalars(select({cls}).where({cls}.id == {self.pick_id()})).{how}")

    def op_query(self):
        cls = self.r.choice(list(self.s.classes))
        rels = self.s.classes[cls]["rels"]
        stmt = f"select({cls})"
        op = "query"
        if rels and self.r.random() < 0.4:
            rel = self.r.choice(list(rels))
            tgt = rels[rel]["target"]
            stmt += f".join({cls}.{rel})"
            op = "query_join"
            if tgt != cls:
                stmt += f".where({tgt}.id {self.r.choice(['>', '<=', '!='])} {self.r.randint(0, 3)})"
        elif self.r.random() < 0.5:
            stmt += f".where({cls}.id {self.r.choice(['>', '<=', '!=', '=='])} {self.r.randint(0, 3)})"
        unique = ""
        if rels and self.r.random() < 0.5:
            rel = self.r.choice(list(rels))
            loader = self.r.choice(["selectinload", "joinedload", "lazyload", "raiseload", "noload"])
            stmt += f".options({loader}({cls}.{rel}))"
            op = f"query_{loader}"
            if loader == "joinedload" and rels[rel]["collection"] and self.r.random() < 0.85:
                unique = ".unique()"
        stmt += f".order_by({cls}.id)"
        if self.r.random() < 0.3:
            stmt += f".limit({self.r.randint(1, 3)})"
        if self.r.random() < 0.4:
            v = self.new_var(cls, "persistent")
            self.misc += 1
            return Unit(op, f"{v} = session.scalars({stmt}){unique}.first()")
        return Unit(op, f"session.scalars({stmt}){unique}.all()")

    def op_query_rows(self):
        cls = self.r.choice(list(self.s.classes))
        rels = [(r, i) for r, i in self.s.classes[cls]["rels"].items() if i["target"] != cls]
        cols = list(self.s.data_columns(cls))
        if rels and cols and self.r.random() < 0.6:
            rel, info = self.r.choice(rels)
            tcols = list(self.s.data_columns(info["target"])) or ["id"]
            return Unit("rows_join", f"session.execute(select({cls}.id, {info['target']}.{self.r.choice(tcols)})"
                                     f".join({cls}.{rel}).order_by({cls}.id, {info['target']}.id)).all()")
        if self.r.random() < 0.5:
            return Unit("legacy_query", f"session.query({cls}).filter({cls}.id > {self.r.randint(0, 2)})"
                                        f".order_by({cls}.id).{self.r.choice(['all()', 'count()', 'first()'])}")
        return Unit("count", f"session.scalar(select(func.count()).select_from({cls}))")

    def op_set_attr(self):
        v = self.pick()
        if not v:
            return None
        cls = self.objs[v][0]
        cols = self.s.data_columns(cls)
        if not cols:
            return None
        col = self.r.choice(list(cols))
        val = self.lit(cols[col], col)
        if val is None:
            return None
        return Unit("set_attr", f"{v}.{col} = {val}")

    def op_set_fk(self):
        v = self.pick()
        if not v:
            return None
        fks = self.s.fk_columns(self.objs[v][0])
        if not fks:
            return None
        col = self.r.choice(list(fks))
        return Unit("set_fk", f"{v}.{col} = {self.r.choice(['None', '1', '2', '3'])}")

    def op_collection(self):
        v = self.pick()
        if not v:
            return None
        cls = self.objs[v][0]
        colls = [(r, i) for r, i in self.s.classes[cls]["rels"].items() if i["collection"]]
        if not colls:
            return None
        rel, info = self.r.choice(colls)
        other = self.pick(info["target"])
        if other is None:
            return None
        how = self.r.random()
        if how < 0.5:
            return Unit("coll_append", f"{v}.{rel}.append({other})")
        if how < 0.75:
            return Unit("coll_remove", f"{v}.{rel}.remove({other})")
        others = self.r.sample(self.vars(info["target"]), min(len(self.vars(info["target"])), self.r.randint(0, 2)))
        return Unit("coll_replace", f"{v}.{rel} = [{', '.join(others)}]")

    def op_scalar_ref(self):
        v = self.pick()
        if not v:
            return None
        cls = self.objs[v][0]
        refs = [(r, i) for r, i in self.s.classes[cls]["rels"].items() if not i["collection"]]
        if not refs:
            return None
        rel, info = self.r.choice(refs)
        other = self.pick(info["target"]) if self.r.random() < 0.85 else None
        return Unit("scalar_ref", f"{v}.{rel} = {other or 'None'}")

    def op_bulk_insert(self):
        cls = self.r.choice(list(self.s.classes))
        rows = []
        for _ in range(self.r.randint(1, 3)):
            d = {}
            for col, spec in self.s.data_columns(cls).items():
                if not spec.get("nullable", True) or self.r.random() < 0.5:
                    v = self.lit(spec, col)
                    if v is not None:
                        d[col] = v
            for col, spec in self.s.fk_columns(cls).items():
                if not spec.get("nullable", True) or self.r.random() < 0.3:
                    d[col] = str(self.r.randint(1, self.existing))
            rows.append("{" + ", ".join(f"{k!r}: {v}" for k, v in d.items()) + "}")
        if len(rows) == 1 and self.r.random() < 0.5:
            kw = rows[0][1:-1].replace("'", "").replace(": ", "=")
            return Unit("bulk_insert", f"session.execute(insert({cls}).values({kw}))")
        return Unit("bulk_insert_many", f"session.execute(insert({cls}), [{', '.join(rows)}])")

    def op_bulk_update(self):
        cls = self.r.choice(list(self.s.classes))
        cols = self.s.data_columns(cls)
        if not cols:
            return None
        col = self.r.choice(list(cols))
        val = self.lit(cols[col], col)
        if val is None:
            return None
        if self.r.random() < 0.25:
            return Unit("bulk_update_pk", f"session.execute(update({cls}), [{{'id': {self.pick_id()}, {col!r}: {val}}}])")
        sync = self.r.choice(["", "", ".execution_options(synchronize_session='fetch')",
                              ".execution_options(synchronize_session=False)",
                              ".execution_options(synchronize_session='evaluate')"])
        cond = self.r.choice([f"{cls}.id == {self.pick_id()}", f"{cls}.id > {self.r.randint(0, 3)}"])
        return Unit("bulk_update", f"session.execute(update({cls}).where({cond}).values({col}={val}){sync})")

    def op_bulk_delete(self):
        cls = self.r.choice(list(self.s.classes))
        sync = self.r.choice(["", "", ".execution_options(synchronize_session='fetch')",
                              ".execution_options(synchronize_session=False)"])
        return Unit("bulk_delete", f"session.execute(delete({cls}).where({cls}.id == {self.pick_id()}){sync})")

    def op_print_state(self):
        v = self.pick()
        if not v:
            return None
        i = f"inspect({v})"
        return Unit("print_state", f"print({i}.transient, {i}.pending, {i}.persistent, {i}.deleted, {i}.detached)")

    def op_print_value(self):
        v = self.pick()
        if not v:
            return None
        cls = self.objs[v][0]
        names = list(self.s.classes[cls]["columns"]) + list(self.s.classes[cls]["rels"])
        r = self.r.random()
        if r < 0.45:
            return Unit("print_attr", f"{v}.{self.r.choice(names)}")
        if r < 0.6:
            return Unit("print_repr", v)
        if r < 0.7:
            return Unit("print_modified", f"print({v} in session, session.is_modified({v}))")
        if r < 0.8:
            return Unit("print_expired", f"sorted(inspect({v}).expired_attributes)")
        if r < 0.9:
            col = self.r.choice(list(self.s.classes[cls]["columns"]))
            return Unit("print_history", f"inspect({v}).attrs.{col}.history")
        return Unit("print_identity", f"inspect({v}).identity")

    def op_print_session(self):
        r = self.r.random()
        if r < 0.5:
            return Unit("print_session", "print(len(session.new), len(session.dirty), len(session.deleted))")
        if r < 0.75:
            return Unit("print_tx", "print(session.in_transaction(), session.in_nested_transaction())")
        which = self.r.choice(["new", "dirty", "deleted"])
        return Unit("print_session", f"sorted([repr(x) for x in session.{which}])")

    WEIGHTS = [
        ("op_construct", 9), ("op_construct_add", 5), ("op_add", 8), ("op_add_all", 2), ("op_delete", 4),
        ("op_flush", 5), ("op_commit", 3), ("op_rollback", 2), ("op_begin", 1), ("op_begin_nested", 2),
        ("op_end_tx", 3), ("op_with_nested", 2), ("op_expire", 3), ("op_expire_all", 1), ("op_refresh", 2),
        ("op_expunge", 2), ("op_expunge_all", 1), ("op_merge", 3), ("op_merge_new", 1),
        ("op_make_transient", 1), ("op_get", 5), ("op_select_one", 2), ("op_query", 4), ("op_query_rows", 2),
        ("op_set_attr", 5), ("op_set_fk", 1), ("op_collection", 5), ("op_scalar_ref", 4),
        ("op_bulk_insert", 1), ("op_bulk_update", 2), ("op_bulk_delete", 1),
        ("op_print_state", 5), ("op_print_value", 7), ("op_print_session", 2),
    ]

    def script(self):
        names = [n for n, _ in self.WEIGHTS]
        weights = [w for _, w in self.WEIGHTS]
        units = []
        # a few objects first, so that later steps have something to work on
        for _ in range(self.r.randint(1, 3)):
            units.append(self.r.choice([self.op_get, self.op_construct])())
        while len(units) < self.length:
            u = getattr(self, self.r.choices(names, weights)[0])()
            if u is not None:
                units.append(u)
        if self.r.random() < 0.7:
            units.append(Unit("commit", "session.commit()"))
        return units
