//! `.plan-sql [analyze] STMT`: the database's own plan of a `select(…)`,
//! asked through the engine on SQLite (EXPLAIN QUERY PLAN; estimated only),
//! PostgreSQL (EXPLAIN [ANALYZE]) and MariaDB (EXPLAIN / ANALYZE). The plan's
//! statement is neither echoed nor counted: `.stats` is the same without it.
use crate::common;

const SQLITE: &str = "\
session.add_all([User(name=n, addresses=[Address(email=n + '@x')]) for n in ['ed', 'wendy']])
session.commit()
.plan-sql select(User).where(User.name == 'ed')
.plan-sql select(Address).where(Address.user_id == 1)
.plan-sql analyze select(User)
.plan-sql 1 + 1
";

#[test]
fn sqlite_plans_are_estimated_and_unseen() {
    let r = common::ormsh_merged(&["-s", "schemas/blog.json", "--events", "off"], &format!("{}.durations off\n.stats\n", SQLITE), &[]);
    assert_eq!(r.status, 1, "{}", r.stdout);
    let want = "estimated plan of SELECT users.id, users.name, users.fullname FROM users WHERE users.name = ?\n  SEARCH users USING INDEX sqlite_autoindex_users_1 (name=?)\n\
                estimated plan of SELECT addresses.id, addresses.email, addresses.user_id FROM addresses WHERE addresses.user_id = ?\n  SCAN addresses (no index on addresses.user_id)\n\
                <stdin>:5: ValueError: SQLite has no EXPLAIN ANALYZE: its plan is estimated only\n\
                <stdin>:6: TypeError: .plan-sql needs a select(…) statement\n";
    assert!(r.stdout.contains(want), "{}", r.stdout);
    assert!(!r.stdout.contains("EXPLAIN QUERY PLAN"), "the plan's own statement is not echoed: {}", r.stdout);
    assert!(r.stdout.contains("by cause: 4 commit\n"), "not counted: {}", r.stdout);
    // the trace: a plan_sql event with the rows
    let r = common::ormsh(&["-s", "schemas/blog.json", "--format", "jsonl"], ".plan-sql select(Address).where(Address.user_id == 1)\n", &[]);
    assert!(
        r.stdout.contains("{\"ev\":\"plan_sql\",\"sql\":\"SELECT addresses.id, addresses.email, addresses.user_id \\nFROM addresses \\nWHERE addresses.user_id = ?\",\"analyze\":false,\"plan\":[\"SCAN addresses\"],\"notes\":[\"no index on addresses.user_id\"]}"),
        "{}",
        r.stdout
    );
}

fn on_server(var: &str, expect: &[&str]) {
    let Ok(url) = std::env::var(var) else { panic!("{var} is not set") };
    let _one = common::server_tests_one_at_a_time();
    let script = "session.add_all([User(name=n + '_plan', addresses=[Address(email=n)]) for n in ['ed', 'wendy']])\nsession.flush()\n\
                  .plan-sql select(Address).where(Address.user_id == 1)\n.plan-sql analyze select(Address).where(Address.user_id == 1)\n";
    let r = common::ormsh_merged(&["-s", "schemas/blog.json", "--no-echo", "--events", "off", "--sandbox", &url], script, &[]);
    assert_eq!(r.status, 0, "{}", r.stdout);
    for e in expect {
        assert!(r.stdout.contains(e), "no {e:?} in\n{}", r.stdout);
    }
}

#[test]
#[ignore = "needs ORMSH_TEST_POSTGRESQL_URL"]
fn postgresql_plans_estimated_and_analyzed() {
    on_server(
        "ORMSH_TEST_POSTGRESQL_URL",
        &["estimated plan of SELECT addresses.id, addresses.email, addresses.user_id FROM addresses WHERE addresses.user_id = $1\n  ", "actual plan of ", "(actual time=", "Execution Time: "],
    );
}

#[test]
#[ignore = "needs ORMSH_TEST_MYSQL_URL"]
fn mariadb_plans_estimated_and_analyzed() {
    on_server("ORMSH_TEST_MYSQL_URL", &["estimated plan of SELECT addresses.id", "  addresses: type=", "actual plan of ", " r_rows="]);
}

/// The same script with `.eqp` on and off prints the same thing, save the plan
/// lines: the EXPLAIN is not echoed, counted, begun as a transaction or flushed
/// for; `on` must also show plans, each after its statement.
fn eqp_changes_nothing_else(args: &[&str], script: &str, plans: &[&str]) {
    let on = common::ormsh_merged(args, &format!(".durations off\n.eqp on\n{script}.stats\n"), &[]);
    let off = common::ormsh_merged(args, &format!(".durations off\n# eqp off\n{script}.stats\n"), &[]);
    let without_plans: String = on.stdout.lines().filter(|l| !l.starts_with("plan · ") && !l.starts_with("    ")).map(|l| format!("{l}\n")).collect();
    let off_lines: String = off.stdout.lines().filter(|l| !l.starts_with("    ")).map(|l| format!("{l}\n")).collect();
    assert_eq!(without_plans, off_lines, "eqp on:\n{}", on.stdout);
    assert_eq!(on.status, off.status);
    for p in plans {
        assert!(on.stdout.contains(p), "no {p:?} in\n{}", on.stdout);
    }
}

#[test]
fn eqp_follows_each_statement_with_its_plan_and_changes_nothing_else() {
    let script = "session.add_all([User(name=n, addresses=[Address(email=n + '@x')]) for n in ['ed', 'wendy']])\n\
                  session.commit()\n\
                  for u in session.scalars(select(User)).all():\n    len(u.addresses)\n\
                  session.get(User, 1).name = 'edward'\n\
                  session.execute(text('SELECT nosuch FROM users'))\n\
                  session.scalars(select(User.name).where(User.name == 'edward')).all()\n";
    eqp_changes_nothing_else(
        &["-s", "schemas/blog.json", "--format", "plain"],
        script,
        &[
            "(1,)\nplan · lazy load of User.addresses → SCAN addresses (no index on addresses.user_id)\n",
            "-- autoflush\nUPDATE users SET name=? WHERE users.id = ?\n('edward', 1)\nplan · autoflush → SEARCH users USING INTEGER PRIMARY KEY (rowid=?)\n",
        ],
    );
    // the trace: an eqp event after the sql event
    let r = common::ormsh(&["-s", "schemas/blog.json", "--format", "jsonl"], ".eqp on\nsession.scalars(select(Address).where(Address.user_id == 1)).all()\n", &[]);
    assert!(
        r.stdout.contains("{\"ev\":\"eqp\",\"cause\":\"query\",\"sql\":\"SELECT addresses.id, addresses.email, addresses.user_id \\nFROM addresses \\nWHERE addresses.user_id = ?\",\"plan\":[\"SCAN addresses\"],\"notes\":[\"no index on addresses.user_id\"]}"),
        "{}",
        r.stdout
    );
    // `.eqp` alone says the setting
    let r = common::ormsh_merged(&["-s", "schemas/blog.json"], ".eqp\n.eqp on\n.eqp\n.eqp maybe\n", &[]);
    assert!(r.stdout.contains("eqp is off\neqp is on\n"), "{}", r.stdout);
}

/// On a server: a statement that failed is not explained, and in PostgreSQL's
/// aborted transaction nothing is sent that would raise a second error; after
/// the rollback, plans again.
fn eqp_on_server(var: &str, plans: &[&str]) {
    let Ok(url) = std::env::var(var) else { panic!("{var} is not set") };
    let _one = common::server_tests_one_at_a_time();
    let script = "session.add_all([User(name=n + '_eqp', addresses=[Address(email=n)]) for n in ['ed', 'wendy']])\nsession.flush()\n\
                  session.scalars(select(Address.email).join(Address.user).where(User.name == 'ed_eqp')).all()\n\
                  session.execute(text('SELECT nosuch FROM users'))\n\
                  session.scalars(select(User.name)).all()\n\
                  session.rollback()\n\
                  session.scalars(select(User.name).where(User.name == 'ed_eqp')).all()\n";
    eqp_changes_nothing_else(&["-s", "schemas/blog.json", "--no-echo", "--events", "off", "--sandbox", &url], script, plans);
}

#[test]
#[ignore = "needs ORMSH_TEST_POSTGRESQL_URL"]
fn postgresql_eqp_estimates_and_keeps_out_of_the_aborted_transaction() {
    eqp_on_server("ORMSH_TEST_POSTGRESQL_URL", &["plan · query →\n", "Seq Scan on addresses (no index on addresses.user_id)\n", "['ed']\n", "Scan using users_name_key on users\n"]);
}

#[test]
#[ignore = "needs ORMSH_TEST_MYSQL_URL"]
fn mariadb_eqp_estimates() {
    eqp_on_server("ORMSH_TEST_MYSQL_URL", &["plan · query →\n", "addresses: type=", "plan · query → users: type="]);
}

/// A statement that ran but whose EXPLAIN fails (`SELECT … INTO t`: t exists
/// once it ran): the plan is "unavailable" and, thanks to the savepoint
/// around the EXPLAIN, PostgreSQL's transaction is not aborted: the next
/// statement runs, with its plan.
#[test]
#[ignore = "needs ORMSH_TEST_POSTGRESQL_URL"]
fn postgresql_eqp_failure_leaves_the_transaction_alive() {
    let Ok(url) = std::env::var("ORMSH_TEST_POSTGRESQL_URL") else { panic!("ORMSH_TEST_POSTGRESQL_URL is not set") };
    let _one = common::server_tests_one_at_a_time();
    let script = ".eqp on\nsession.execute(text('SELECT 1 AS a INTO ormsh_it_eqp_tmp'))\nsession.execute(text('SELECT a FROM ormsh_it_eqp_tmp')).all()\n";
    let r = common::ormsh_merged(&["-s", "schemas/blog.json", "--no-echo", "--events", "off", "--format", "plain", "--sandbox", &url], script, &[]);
    assert_eq!(r.status, 0, "{}", r.stdout);
    assert!(r.stdout.contains("plan · query → unavailable: relation \"ormsh_it_eqp_tmp\" already exists\n"), "{}", r.stdout);
    assert!(r.stdout.contains("plan · query → Seq Scan on ormsh_it_eqp_tmp\na\n-\n1\n"), "{}", r.stdout);
    // the trace says it too
    let r = common::ormsh(&["-s", "schemas/blog.json", "--format", "jsonl", "--sandbox", &url], script, &[]);
    assert!(r.stdout.contains("{\"ev\":\"eqp\",\"cause\":\"query\",\"sql\":\"SELECT 1 AS a INTO ormsh_it_eqp_tmp\",\"error\":\"relation \\\"ormsh_it_eqp_tmp\\\" already exists\"}"), "{}", r.stdout);
}
