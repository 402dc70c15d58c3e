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
                estimated plan of SELECT addresses.id, addresses.email, addresses.user_id FROM addresses WHERE addresses.user_id = ?\n  SCAN addresses\n\
                <stdin>:5: ValueError: SQLite has no EXPLAIN ANALYZE: its plan is estimated only\n\
                <stdin>:6: TypeError: .plan-sql needs a select(…) statement\n";
    assert!(r.stdout.contains(want), "{}", r.stdout);
    assert!(!r.stdout.contains("EXPLAIN QUERY PLAN"), "the plan's own statement is not echoed: {}", r.stdout);
    assert!(r.stdout.contains("by cause: 4 commit\n"), "not counted: {}", r.stdout);
    // the trace: a plan_sql event with the rows
    let r = common::ormsh(&["-s", "schemas/blog.json", "--format", "jsonl"], ".plan-sql select(Address).where(Address.user_id == 1)\n", &[]);
    assert!(
        r.stdout.contains("{\"ev\":\"plan_sql\",\"sql\":\"SELECT addresses.id, addresses.email, addresses.user_id \\nFROM addresses \\nWHERE addresses.user_id = ?\",\"analyze\":false,\"plan\":[\"SCAN addresses\"]}"),
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
