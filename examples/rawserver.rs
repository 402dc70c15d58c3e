//! Hand-written driver baselines for the server benchmark (`bench/run.py --url`):
//! what the ORM's workloads cost when written directly against the `postgres`
//! and `mysql` crates that ormsh's own drivers use, with no ORM and no
//! interpreter. `rawpg` follows `shared/bench/rawsqlite/src/bin/rawpg.rs` (the
//! same statements, round trips and timing), extended to W7 and W10, and
//! `rawmysql` does the same on MySQL/MariaDB.
//!
//! Usage: `cargo build --release --example rawserver`, then
//! `target/release/examples/rawserver <orm_insert|load_full|update_all|get_by_pk|delete_all> URL [n]`
//! with URL `postgresql://…` or `mysql://…`; prints one JSON line (`wall_s`, RSS).
//! The table `customer` is prepared by the caller (empty for orm_insert, rows
//! 1..n otherwise).
//!
//! What each workload sends (what SQLAlchemy sends for the ORM workload):
//! - orm_insert (W1): 1000-row `INSERT … VALUES … RETURNING id` batches in one
//!   transaction (MariaDB has RETURNING too; on MySQL proper, which has none,
//!   the rows go one by one and the key comes from the OK packet).
//! - load_full (W5): one SELECT, every row into an owned struct.
//! - update_all (W7), delete_all (W10): load as W5, then one prepared
//!   UPDATE/DELETE per row (a DBAPI executemany) in one transaction.
//! - get_by_pk (W8): 10,000 prepared SELECTs by key into a HashMap (cold), then
//!   the same 10,000 lookups in the map (warm).

use std::collections::HashMap;
use std::time::Instant;

#[allow(dead_code)]
struct Customer {
    id: Option<i64>,
    name: String,
    description: String,
}

fn status_kb(field: &str) -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix(field))
        .map(|r| r.trim_start_matches(':').trim().trim_end_matches("kB").trim().parse().unwrap_or(0))
        .unwrap_or(0)
}

fn new_objects(n: i64) -> Vec<Customer> {
    (0..n)
        .map(|i| Customer { id: None, name: format!("customer name {i}"), description: format!("customer description {i}") })
        .collect()
}

fn probe_ids(n: i64) -> Vec<i64> {
    (0..10_000i64.min(n)).map(|i| (i * 7919) % n + 1).collect()
}

const BATCH: usize = 1000;

fn values_sql(rows: usize, numbered: bool) -> String {
    let mut sql = String::from("INSERT INTO customer (name, description) VALUES ");
    for k in 0..rows {
        if k > 0 {
            sql.push_str(", ");
        }
        if numbered {
            sql.push_str(&format!("(${}, ${})", 2 * k + 1, 2 * k + 2));
        } else {
            sql.push_str("(?, ?)");
        }
    }
    sql.push_str(" RETURNING id");
    sql
}

/// Outcome of one run: objects handled, extra JSON fields.
struct Outcome {
    objects: i64,
    wall_s: f64,
    extra: String,
}

fn run_pg(workload: &str, url: &str, n: i64) -> Outcome {
    use postgres::types::ToSql;
    use postgres::{Client, NoTls};
    let mut client = Client::connect(url, NoTls).expect("connect");
    let mut objects = n;
    let mut extra = String::new();
    let load = |client: &mut Client| -> Vec<Customer> {
        client
            .query("SELECT id, name, description FROM customer", &[])
            .unwrap()
            .iter()
            .map(|r| Customer { id: Some(r.get::<_, i32>(0) as i64), name: r.get(1), description: r.get(2) })
            .collect()
    };
    let t0 = Instant::now();
    match workload {
        "orm_insert" => {
            let mut objs = new_objects(n);
            let mut tx = client.transaction().unwrap();
            let mut full = None;
            for chunk in objs.chunks_mut(BATCH) {
                let stmt = if chunk.len() == BATCH {
                    full.get_or_insert_with(|| tx.prepare(&values_sql(BATCH, true)).unwrap()).clone()
                } else {
                    tx.prepare(&values_sql(chunk.len(), true)).unwrap()
                };
                let mut ps: Vec<&(dyn ToSql + Sync)> = Vec::with_capacity(chunk.len() * 2);
                for o in chunk.iter() {
                    ps.push(&o.name);
                    ps.push(&o.description);
                }
                let rows = tx.query(&stmt, &ps).unwrap();
                drop(ps);
                for (o, r) in chunk.iter_mut().zip(rows.iter()) {
                    o.id = Some(r.get::<_, i32>(0) as i64);
                }
            }
            tx.commit().unwrap();
            assert_eq!(objs.last().and_then(|o| o.id), Some(n));
        }
        "load_full" => objects = load(&mut client).len() as i64,
        "update_all" | "delete_all" => {
            let mut objs = load(&mut client);
            objects = objs.len() as i64;
            let mut tx = client.transaction().unwrap();
            if workload == "update_all" {
                let stmt = tx.prepare("UPDATE customer SET description=$1 WHERE customer.id = $2").unwrap();
                for o in objs.iter_mut() {
                    o.description.push_str(" updated");
                    let id = o.id.unwrap() as i32;
                    assert_eq!(tx.execute(&stmt, &[&o.description, &id]).unwrap(), 1);
                }
            } else {
                let stmt = tx.prepare("DELETE FROM customer WHERE customer.id = $1").unwrap();
                for o in objs.iter() {
                    let id = o.id.unwrap() as i32;
                    assert_eq!(tx.execute(&stmt, &[&id]).unwrap(), 1);
                }
            }
            tx.commit().unwrap();
        }
        "get_by_pk" => {
            let ids = probe_ids(n);
            let stmt = client.prepare("SELECT id, name, description FROM customer WHERE id = $1").unwrap();
            let mut map: HashMap<i64, Customer> = HashMap::with_capacity(ids.len());
            for &id in &ids {
                let r = client.query_one(&stmt, &[&(id as i32)]).unwrap();
                map.insert(id, Customer { id: Some(r.get::<_, i32>(0) as i64), name: r.get(1), description: r.get(2) });
            }
            let cold = t0.elapsed().as_secs_f64();
            let t1 = Instant::now();
            assert_eq!(ids.iter().filter(|i| map.contains_key(i)).count(), ids.len());
            let warm = t1.elapsed().as_secs_f64();
            objects = ids.len() as i64;
            extra = format!(", \"cold_s\": {cold:.6}, \"warm_s\": {warm:.9}");
        }
        other => {
            eprintln!("unknown workload {other}");
            std::process::exit(2);
        }
    }
    Outcome { objects, wall_s: t0.elapsed().as_secs_f64(), extra }
}

fn run_mysql(workload: &str, url: &str, n: i64) -> Outcome {
    use mysql::prelude::Queryable;
    use mysql::{Conn, Opts, Params, Value as V};
    let mut conn = Conn::new(Opts::from_url(url).expect("url")).expect("connect");
    let mariadb = conn.server_version() >= (10, 0, 0) && {
        let v: Option<String> = conn.query_first("SELECT VERSION()").unwrap();
        v.unwrap_or_default().to_lowercase().contains("mariadb")
    };
    let mut objects = n;
    let mut extra = String::new();
    let load = |conn: &mut Conn| -> Vec<Customer> {
        conn.query_map("SELECT id, name, description FROM customer", |(id, name, description): (i64, String, String)| Customer {
            id: Some(id),
            name,
            description,
        })
        .unwrap()
    };
    let t0 = Instant::now();
    match workload {
        "orm_insert" => {
            let mut objs = new_objects(n);
            let mut tx = conn.start_transaction(mysql::TxOpts::default()).unwrap();
            if mariadb {
                let full = tx.prep(values_sql(BATCH, false)).unwrap();
                for chunk in objs.chunks_mut(BATCH) {
                    let stmt = if chunk.len() == BATCH { full.clone() } else { tx.prep(values_sql(chunk.len(), false)).unwrap() };
                    let mut ps: Vec<V> = Vec::with_capacity(chunk.len() * 2);
                    for o in chunk.iter() {
                        ps.push(V::from(o.name.as_str()));
                        ps.push(V::from(o.description.as_str()));
                    }
                    let ids: Vec<i64> = tx.exec(&stmt, Params::Positional(ps)).unwrap();
                    for (o, id) in chunk.iter_mut().zip(ids) {
                        o.id = Some(id);
                    }
                }
            } else {
                let stmt = tx.prep("INSERT INTO customer (name, description) VALUES (?, ?)").unwrap();
                for o in objs.iter_mut() {
                    tx.exec_drop(&stmt, (o.name.as_str(), o.description.as_str())).unwrap();
                    o.id = tx.last_insert_id().map(|i| i as i64);
                }
            }
            tx.commit().unwrap();
            assert_eq!(objs.last().and_then(|o| o.id), Some(n));
        }
        "load_full" => objects = load(&mut conn).len() as i64,
        "update_all" | "delete_all" => {
            let mut objs = load(&mut conn);
            objects = objs.len() as i64;
            let mut tx = conn.start_transaction(mysql::TxOpts::default()).unwrap();
            if workload == "update_all" {
                let stmt = tx.prep("UPDATE customer SET description=? WHERE customer.id = ?").unwrap();
                for o in objs.iter_mut() {
                    o.description.push_str(" updated");
                    tx.exec_drop(&stmt, (o.description.as_str(), o.id.unwrap())).unwrap();
                    assert_eq!(tx.affected_rows(), 1);
                }
            } else {
                let stmt = tx.prep("DELETE FROM customer WHERE customer.id = ?").unwrap();
                for o in objs.iter() {
                    tx.exec_drop(&stmt, (o.id.unwrap(),)).unwrap();
                    assert_eq!(tx.affected_rows(), 1);
                }
            }
            tx.commit().unwrap();
        }
        "get_by_pk" => {
            let ids = probe_ids(n);
            let stmt = conn.prep("SELECT id, name, description FROM customer WHERE id = ?").unwrap();
            let mut map: HashMap<i64, Customer> = HashMap::with_capacity(ids.len());
            for &id in &ids {
                let (rid, name, description): (i64, String, String) = conn.exec_first(&stmt, (id,)).unwrap().unwrap();
                map.insert(id, Customer { id: Some(rid), name, description });
            }
            let cold = t0.elapsed().as_secs_f64();
            let t1 = Instant::now();
            assert_eq!(ids.iter().filter(|i| map.contains_key(i)).count(), ids.len());
            let warm = t1.elapsed().as_secs_f64();
            objects = ids.len() as i64;
            extra = format!(", \"cold_s\": {cold:.6}, \"warm_s\": {warm:.9}");
        }
        other => {
            eprintln!("unknown workload {other}");
            std::process::exit(2);
        }
    }
    Outcome { objects, wall_s: t0.elapsed().as_secs_f64(), extra }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: rawserver <orm_insert|load_full|update_all|get_by_pk|delete_all> URL [n]");
        std::process::exit(2);
    }
    let workload = args[1].as_str();
    let url = args[2].as_str();
    let n: i64 = args.get(3).map(|s| s.parse().expect("n")).unwrap_or(100_000);
    let rss_base = status_kb("VmRSS");
    let (imp, out) = if url.starts_with("postgresql") {
        ("rawpg", run_pg(workload, &url.replace("postgresql+psycopg2://", "postgresql://"), n))
    } else {
        ("rawmysql", run_mysql(workload, &url.replace("mysql+pymysql://", "mysql://").replace("mariadb://", "mysql://"), n))
    };
    // connecting is outside the timed region: each run_* starts its clock after it
    println!(
        "{{\"impl\": \"{imp}\", \"workload\": \"{workload}\", \"n\": {n}, \"objects\": {}, \"wall_s\": {:.6}, \
\"rss_base_kb\": {rss_base}, \"rss_peak_kb\": {}{}}}",
        out.objects,
        out.wall_s,
        status_kb("VmHWM"),
        out.extra
    );
}
