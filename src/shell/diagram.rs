//! `.diagram states|objects|schema [mermaid|dot|svg|html] [FILE]`: pictures
//! of the session. `states`: the five lifecycle states with the transitions
//! this session took and how often (from the insight recorder's timelines);
//! `objects`: the identity map and the named objects as a graph (state of
//! each, the loaded relationships between them; nothing is loaded to draw
//! it); `schema`: the tables and their foreign keys. Written as Mermaid or DOT
//! text, or as an SVG / HTML page laid out by ormsh itself (`svg.rs`), with
//! no Graphviz. No SQLAlchemy counterpart (ERAlchemy and sqlalchemy_schemadisplay
//! need Graphviz).
use super::dot::{find, usage, Ctx, Flow};
use super::plan::Namer;
use super::render::jsonl::json_str;
use crate::events::{Event, LifecycleState, Report};
use crate::exc::{Error, ErrorKind, Result};
use crate::insight::timeline::What;
use crate::interp::Interp;
use crate::orm::state::{InstanceId, RelSlot};

/// A node: its id (for the text formats), its lines of text, and a style
/// (the lifecycle state of an object or a state node; `table` for schema).
#[derive(Clone, Debug)]
pub struct Node {
    pub id: String,
    pub lines: Vec<String>,
    pub style: &'static str,
}

#[derive(Clone, Debug)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub label: String,
}

#[derive(Clone, Debug, Default)]
pub struct Graph {
    pub title: String,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// Fill colours of the states (and tables), shared by every format.
pub fn colour(style: &str) -> &'static str {
    match style {
        "transient" => "#e8e8e8",
        "pending" => "#fff2b3",
        "persistent" => "#c8f0c8",
        "deleted" => "#f7c6c6",
        "detached" => "#cfe0f7",
        "loaded" => "#ffffff",
        _ => "#f4f0ff",
    }
}

const STATES: [LifecycleState; 5] =
    [LifecycleState::Transient, LifecycleState::Pending, LifecycleState::Persistent, LifecycleState::Deleted, LifecycleState::Detached];

fn states_graph(ctx: &Ctx) -> Graph {
    let mut g = Graph { title: "object states in this session".into(), ..Default::default() };
    g.nodes.push(Node { id: "loaded".into(), lines: vec!["loaded from a row".into()], style: "loaded" });
    for s in STATES {
        g.nodes.push(Node { id: s.name().into(), lines: vec![s.name().into()], style: s.name() });
    }
    let index = |s: Option<LifecycleState>| s.map_or(0, |s| 1 + STATES.iter().position(|x| *x == s).unwrap_or(0));
    let mut counts: std::collections::BTreeMap<(usize, usize), usize> = Default::default();
    let rec = ctx.insight.borrow();
    for (st, objects) in rec.timelines.all_steps() {
        if let What::Transition(from, to) = st.what {
            *counts.entry((index(from), index(Some(to)))).or_insert(0) += objects as usize;
        }
    }
    for ((from, to), n) in counts {
        g.edges.push(Edge { from, to, label: format!("×{}", n) });
    }
    g
}

fn objects_graph(interp: &Interp) -> Result<Graph> {
    let mut g = Graph { title: "the identity map and named objects".into(), ..Default::default() };
    let orm = interp.sa.orm()?;
    let namer = Namer::new(interp, orm);
    let mut ids: Vec<InstanceId> = Vec::new();
    if let Some(sid) = crate::interp::sa::dot::current_session(interp) {
        let s = orm.session(sid);
        ids.extend(s.new.iter().copied());
        ids.extend(s.identity_map.states());
        ids.extend(s.deleted.iter().copied());
    }
    ids.extend(namer.names.keys().map(|k| InstanceId(*k)).filter(|id| (id.0 as usize) < orm.instances.len()));
    let mut seen = std::collections::HashSet::new();
    ids.retain(|i| seen.insert(*i));
    ids.sort();
    let pos = |id: InstanceId, ids: &[InstanceId]| ids.iter().position(|x| *x == id);
    for &id in &ids {
        let st = orm.instances.get(id);
        let state = orm.lifecycle(id);
        let label = orm.instances.label(id).to_string();
        let mut lines = vec![match namer.bound(id) {
            Some(n) => format!("{}: {}", n, label),
            None => label.clone(),
        }];
        if let Some(k) = st.key() {
            lines.push(format!("identity {}", k.identity_repr()));
        }
        let marked = st.session().is_some_and(|s| orm.session(s).deleted.contains(&id));
        lines.push(if marked { format!("{}, marked for delete", state.name()) } else { state.name().to_string() });
        g.nodes.push(Node { id: label.replace('#', "_"), lines, style: state.name() });
    }
    for (i, &id) in ids.iter().enumerate() {
        let st = orm.instances.get(id);
        let m = orm.registry.mapper(st.mapper());
        for (ri, rel) in m.relationships.iter().enumerate() {
            let targets: Vec<InstanceId> = match &st.rels()[ri] {
                RelSlot::Collection(v) => v.clone(),
                RelSlot::Scalar(Some(c)) => vec![*c],
                _ => Vec::new(),
            };
            for t in targets {
                if let Some(j) = pos(t, &ids) {
                    g.edges.push(Edge { from: i, to: j, label: rel.name.clone() });
                }
            }
        }
    }
    Ok(g)
}

fn schema_graph(interp: &Interp) -> Result<Graph> {
    let mut g = Graph { title: "tables and foreign keys".into(), ..Default::default() };
    let orm = interp.sa.orm()?;
    let md = &orm.registry.metadata;
    for t in &md.tables {
        let mut lines = vec![t.name.clone()];
        for (i, c) in t.columns.iter().enumerate() {
            let pk = if t.primary_key.contains(&i) { " PK" } else { "" };
            let fk = if c.foreign_key.is_some() { " FK" } else { "" };
            lines.push(format!("{}{}{}", c.name, pk, fk));
        }
        g.nodes.push(Node { id: t.name.clone(), lines, style: "table" });
    }
    for (i, t) in md.tables.iter().enumerate() {
        for c in &t.columns {
            if let Some(fk) = &c.foreign_key {
                if let Some(j) = md.tables.iter().position(|x| x.name == fk.table) {
                    g.edges.push(Edge { from: i, to: j, label: format!("{} → {}.{}", c.name, fk.table, fk.column) });
                }
            }
        }
    }
    Ok(g)
}

fn mermaid(g: &Graph, states: bool) -> String {
    let q = |s: &str| s.replace('"', "'");
    let mut out = String::new();
    if states {
        out.push_str("stateDiagram-v2\n");
        for n in &g.nodes {
            out.push_str(&format!("    state \"{}\" as {}\n", q(&n.lines.join(" ")), n.id));
        }
        for e in &g.edges {
            out.push_str(&format!("    {} --> {} : {}\n", g.nodes[e.from].id, g.nodes[e.to].id, q(&e.label)));
        }
        return out;
    }
    out.push_str("flowchart LR\n");
    for n in &g.nodes {
        out.push_str(&format!("    {}[\"{}\"]\n", n.id, q(&n.lines.join("<br/>"))));
    }
    for e in &g.edges {
        out.push_str(&format!("    {} -->|{}| {}\n", g.nodes[e.from].id, q(&e.label), g.nodes[e.to].id));
    }
    for n in &g.nodes {
        out.push_str(&format!("    style {} fill:{}\n", n.id, colour(n.style)));
    }
    out
}

fn dot(g: &Graph) -> String {
    let q = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let mut out = format!("digraph ormsh {{\n    label=\"{}\";\n    rankdir=LR;\n    node [shape=box, style=\"rounded,filled\", fontname=\"sans-serif\"];\n", q(&g.title));
    for n in &g.nodes {
        out.push_str(&format!("    \"{}\" [label=\"{}\", fillcolor=\"{}\"];\n", q(&n.id), n.lines.iter().map(|l| q(l)).collect::<Vec<_>>().join("\\n"), colour(n.style)));
    }
    for e in &g.edges {
        out.push_str(&format!("    \"{}\" -> \"{}\" [label=\"{}\"];\n", q(&g.nodes[e.from].id), q(&g.nodes[e.to].id), q(&e.label)));
    }
    out.push_str("}\n");
    out
}

/// `.diagram`
pub fn diagram(interp: &mut Interp, ctx: &Ctx, arg: &str) -> Result<Flow> {
    let bad = || find("diagram").map_or_else(|| Error::new(ErrorKind::ValueError, "usage"), usage);
    let words: Vec<&str> = arg.split_whitespace().collect();
    let (what, rest) = words.split_first().ok_or_else(bad)?;
    let (format, file) = match rest {
        [] => ("mermaid", None),
        [f] if ["mermaid", "dot", "svg", "html"].contains(f) => (*f, None),
        [f, file] if ["mermaid", "dot", "svg", "html"].contains(f) => (*f, Some(*file)),
        _ => return Err(bad()),
    };
    let g = match *what {
        "states" => states_graph(ctx),
        "objects" => objects_graph(interp)?,
        "schema" => schema_graph(interp)?,
        _ => return Err(bad()),
    };
    let text = match format {
        "mermaid" => mermaid(&g, *what == "states"),
        "dot" => dot(&g),
        "svg" => super::svg::svg(&g),
        _ => super::svg::html(&g),
    };
    let shown = match file {
        Some(path) => {
            std::fs::write(path, &text).map_err(|e| Error::new(ErrorKind::OSError, format!("{}: {}", path, super::run::io_reason(&e))))?;
            format!("wrote {} ({} {}, {} nodes, {} edges)\n", path, what, format, g.nodes.len(), g.edges.len())
        }
        None => text,
    };
    let inline = file.is_none().then(|| shown.clone());
    let mut report = Report::new("diagram", shown, false)
        .field("diagram", json_str(what))
        .field("format", json_str(format))
        .field("file", file.map(json_str).unwrap_or_else(|| "null".into()))
        .field("nodes", g.nodes.len().to_string())
        .field("edges", g.edges.len().to_string());
    if let Some(t) = inline {
        report = report.text_field("text", &t);
    }
    interp.events.emit(Event::Report(report));
    Ok(Flow::Continue)
}
