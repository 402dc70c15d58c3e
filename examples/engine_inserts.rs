//! Timing check for the engine's prepared-statement cache: 100,000 single-row
//! INSERTs through `Connection::execute` in one transaction on `sqlite://`, the
//! shape of a large ORM flush. Run with `cargo run --release --example engine_inserts`.

use ormsh::engine::{Engine, EngineOptions, Url};
use ormsh::events::{Collector, Events};
use ormsh::sql::value::Value;
use std::time::Instant;

fn main() -> Result<(), ormsh::exc::Error> {
    for (label, events) in [("echo off", Events::null()), ("echo on (events collected)", Events::new(Box::new(Collector::default())))] {
        let engine = Engine::create(&Url::parse("sqlite://")?, EngineOptions::default(), events)?;
        let conn = engine.connect()?;
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50), fullname VARCHAR)", &[])?;
        let start = Instant::now();
        for i in 0..100_000 {
            conn.execute(
                "INSERT INTO users (name, fullname) VALUES (?, ?)",
                &[Value::Str(format!("user{i}")), Value::Str("Some Body".into())],
            )?;
        }
        conn.commit()?;
        println!("{label}: 100000 inserts + commit in {:?}", start.elapsed());
    }
    Ok(())
}
