//! A mapped registry in the form of the `tests/reflect/*.automap` listings,
//! which `scripts/tools/automap_dump.py` writes from SQLAlchemy's automap:
//! one line per class (sorted), `class NAME [TABLE] col*! …` (`*` primary
//! key, `!` NOT NULL), then one line per relationship (sorted by name) with
//! its direction, target, secondary, back_populates, cascade,
//! passive_deletes and column pairs.
use ormsh::orm::mapping::{Direction, Registry};

/// The registry in the form of the `.automap` files.
pub fn dump(reg: &Registry) -> String {
    let md = &reg.metadata;
    let mut mappers: Vec<_> = reg.mappers.iter().collect();
    mappers.sort_by(|a, b| a.class_name.cmp(&b.class_name));
    let mut out = String::new();
    for m in mappers {
        let t = md.table(m.table);
        let cols: Vec<String> = t
            .columns
            .iter()
            .map(|c| format!("{}{}{}", c.name, if c.primary_key { "*" } else { "" }, if c.nullable { "" } else { "!" }))
            .collect();
        out.push_str(&format!("class {} [{}] {}\n", m.class_name, t.name, cols.join(" ")));
        let mut rels: Vec<_> = m.relationships.iter().collect();
        rels.sort_by(|a, b| a.name.cmp(&b.name));
        for r in rels {
            let target = reg.mapper(r.target);
            let tt = md.table(target.table);
            let col = |table: &ormsh::sql::schema::Table, i: usize| format!("{}.{}", table.name, table.columns[i].name);
            let (pairs, secondary) = match &r.secondary {
                Some(sec) => {
                    let st = md.table(sec.table);
                    let mut p: Vec<String> = sec.local_pairs.iter().map(|(a, b)| format!("{}={}", col(t, *a), col(st, *b))).collect();
                    p.extend(sec.remote_pairs.iter().map(|(a, b)| format!("{}={}", col(tt, *a), col(st, *b))));
                    (p, format!(" secondary={}", st.name))
                }
                None => (r.local_remote_pairs.iter().map(|(a, b)| format!("{}={}", col(t, *a), col(tt, *b))).collect(), String::new()),
            };
            let direction = match r.direction {
                Direction::OneToMany => "ONETOMANY",
                Direction::ManyToOne => "MANYTOONE",
                Direction::ManyToMany => "MANYTOMANY",
            };
            let passive = if r.passive_deletes { "True" } else { "False" };
            out.push_str(&format!(
                "  {}: {} {}{} back_populates={} cascade={} passive_deletes={} [{}]\n",
                r.name,
                direction,
                target.class_name,
                secondary,
                r.back_populates.as_deref().unwrap_or("None"),
                r.cascade.names().join(","),
                passive,
                pairs.join(",")
            ));
        }
    }
    out
}
