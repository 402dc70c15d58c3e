//! Tests of the schema-file loader (`orm::schema_file`) and relationship
//! inference (`orm::relationships`): every refusal with its JSON path and
//! message, the SQLAlchemy defaults, and inference compared line by line
//! with what real SQLAlchemy printed (`schema_file_sa_cases`).

use crate::orm::mapping::{Cascade, Direction, Lazy, Registry};
use crate::orm::schema_file::{load_str, SchemaError};
use crate::sql::schema::Autoincrement;
use crate::sql::types::SqlType;
use crate::sql::value::Value;

#[path = "schema_file_sa_cases.rs"]
mod sa_cases;

/// One line per relationship, in the format of `scripts/tools/gen_sa_cases.py`.
fn describe_relationships(reg: &Registry) -> String {
    let mut out = String::new();
    let col = |table, index: usize| {
        let t = reg.metadata.table(table);
        format!("'{}.{}'", t.name, t.columns[index].name)
    };
    for mapper in &reg.mappers {
        for rel in &mapper.relationships {
            let target = reg.mapper(rel.target);
            let pairs: Vec<String> = match &rel.secondary {
                Some(sec) => sec
                    .local_pairs
                    .iter()
                    .map(|(l, s)| format!("({}, {})", col(mapper.table, *l), col(sec.table, *s)))
                    .chain(sec.remote_pairs.iter().map(|(r, s)| format!("({}, {})", col(target.table, *r), col(sec.table, *s))))
                    .collect(),
                None => rel
                    .local_remote_pairs
                    .iter()
                    .map(|(l, r)| format!("({}, {})", col(mapper.table, *l), col(target.table, *r)))
                    .collect(),
            };
            let cascade: Vec<String> = rel.cascade.names().iter().map(|n| format!("'{n}'")).collect();
            out.push_str(&format!(
                "{}.{} {} {} [{}] [{}] {}\n",
                mapper.class_name,
                rel.name,
                rel.direction.sa_name(),
                if rel.uselist { "True" } else { "False" },
                pairs.join(", "),
                cascade.join(", "),
                rel.lazy.sa_name()
            ));
        }
    }
    out
}

#[test]
fn inference_matches_sqlalchemy() {
    let mut failures = Vec::new();
    for (name, json, expected) in sa_cases::CASES {
        let got = match load_str(json, "schema.json") {
            Ok(reg) => describe_relationships(&reg),
            Err(e) => format!("ERR {}\n", e.message),
        };
        if got != *expected {
            failures.push(format!("{name}:\n  SQLAlchemy: {expected}  ormsh:      {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(sa_cases::CASES.len() >= 25);
}

fn refuse(json: &str) -> SchemaError {
    match load_str(json, "schema.json") {
        Ok(_) => panic!("schema accepted: {json}"),
        Err(e) => e,
    }
}

fn assert_refused(json: &str, path: &str, message: &str) {
    let e = refuse(json);
    assert_eq!((e.path.as_str(), e.message.as_str()), (path, message), "for {json}");
}

/// A one-class schema with the given column specs (JSON object body).
fn one_class(columns: &str) -> String {
    format!(r#"{{"classes": {{"User": {{"table": "users", "columns": {{{columns}}}}}}}}}"#)
}

const PK: &str = r#""id": {"type": "integer", "primary_key": true}"#;

/// User ↔ Address with the given relationship bodies.
fn user_address(user_rels: &str, address_rels: &str) -> String {
    format!(
        r#"{{"classes": {{
          "User": {{"table": "users", "columns": {{{PK}, "name": {{"type": "string"}}}}, "relationships": {{{user_rels}}}}},
          "Address": {{"table": "addresses", "columns": {{{PK}, "user_id": {{"type": "integer", "foreign_key": "users.id"}}}},
                      "relationships": {{{address_rels}}}}}}}}}"#
    )
}

#[test]
fn display_names_file_path_and_reason() {
    let e = refuse(&one_class(r#""id": {"type": "int", "primary_key": true}"#));
    assert_eq!(
        e.to_string(),
        "schema.json: classes.User.columns.id.type: unknown type \"int\"; expected one of integer, biginteger, \
         smallinteger, string, text, boolean, float, numeric, date, datetime, time, binary, json"
    );
    let e = refuse("{");
    assert_eq!(e.path, "");
    assert!(e.to_string().starts_with("schema.json: invalid JSON at line 1 column 1: EOF"), "{e}");
}

#[test]
fn invalid_json_reports_line_and_column() {
    assert_refused("{\n  \"classes\": {,}\n}", "", "invalid JSON at line 2 column 15: key must be a string");
}

#[test]
fn unknown_keys_say_which_are_allowed() {
    assert_refused(r#"{"clases": {}}"#, "clases", "unknown top-level key \"clases\"; allowed keys: tables, classes");
    assert_refused(
        &one_class(r#""id": {"type": "integer", "primary_key": true, "nulable": false}"#),
        "classes.User.columns.id.nulable",
        "unknown column key \"nulable\"; allowed keys: type, primary_key, nullable, unique, index, default, \
         server_default, foreign_key, ondelete, autoincrement, length, precision, scale",
    );
    assert_refused(
        r#"{"classes": {"User": {"table": "users", "columns": {"id": {"type": "integer", "primary_key": true}}, "rels": {}}}}"#,
        "classes.User.rels",
        "unknown class key \"rels\"; allowed keys: table, columns, relationships",
    );
    assert_refused(
        r#"{"tables": {"t": {"columns": {"a": {}}, "pk": 1}}}"#,
        "tables.t.pk",
        "unknown table key \"pk\"; allowed keys: columns",
    );
    assert_refused(
        &user_address(r#""addresses": {"target": "Address", "backref": "user"}"#, ""),
        "classes.User.relationships.addresses.backref",
        "unknown relationship key \"backref\"; allowed keys: target, back_populates, cascade, secondary, uselist, \
         order_by, lazy, passive_deletes, viewonly, single_parent, foreign_keys",
    );
}

#[test]
fn wrong_value_types() {
    assert_refused("[]", "", "expected an object (the schema: {\"tables\": …, \"classes\": …}), got array []");
    assert_refused(
        &one_class(r#""id": {"type": "integer", "primary_key": "yes"}"#),
        "classes.User.columns.id.primary_key",
        "expected true or false, got string \"yes\"",
    );
    assert_refused(&one_class(r#""id": {"type": 3}"#), "classes.User.columns.id.type", "expected a string, got number 3");
    assert_refused(
        &one_class(&format!(r#"{PK}, "n": {{"type": "string", "length": "50"}}"#)),
        "classes.User.columns.n.length",
        "expected a non-negative integer, got string \"50\"",
    );
    assert_refused(
        r#"{"classes": {"User": {"table": 1, "columns": {}}}}"#,
        "classes.User.table",
        "expected a string, got number 1",
    );
    assert_refused(
        r#"{"classes": {"User": []}}"#,
        "classes.User",
        "expected an object (a class with \"table\" and \"columns\"), got array []",
    );
    assert_refused(
        &user_address(r#""addresses": {"target": "Address", "uselist": 1}"#, ""),
        "classes.User.relationships.addresses.uselist",
        "expected true or false, got number 1",
    );
    assert_refused(
        &user_address("", r#""user": {"target": "User", "foreign_keys": "user_id"}"#),
        "classes.Address.relationships.user.foreign_keys",
        "expected a list of column names, got string \"user_id\"",
    );
    assert_refused(
        &one_class(&format!(r#"{PK}, "n": {{"type": "integer", "autoincrement": "ignore_fk"}}"#)),
        "classes.User.columns.n.autoincrement",
        "expected true, false or \"auto\", got string \"ignore_fk\"",
    );
}

#[test]
fn type_options_only_where_they_apply() {
    assert_refused(
        &one_class(&format!(r#"{PK}, "n": {{"type": "text", "length": 5}}"#)),
        "classes.User.columns.n.length",
        "\"length\" applies only to type \"string\", not \"text\"",
    );
    assert_refused(
        &one_class(&format!(r#"{PK}, "n": {{"type": "float", "precision": 5}}"#)),
        "classes.User.columns.n.precision",
        "\"precision\" applies only to type \"numeric\", not \"float\"",
    );
    assert_refused(
        &one_class(&format!(r#"{PK}, "n": {{"type": "integer", "scale": 2}}"#)),
        "classes.User.columns.n.scale",
        "\"scale\" applies only to type \"numeric\", not \"integer\"",
    );
    assert_refused(
        &one_class(&format!(r#"{PK}, "n": {{"type": "numeric", "scale": 2}}"#)),
        "classes.User.columns.n.scale",
        "\"scale\" needs \"precision\" too",
    );
}

#[test]
fn class_needs_table_columns_and_primary_key() {
    assert_refused(
        r#"{"classes": {"User": {"columns": {"id": {"type": "integer", "primary_key": true}}}}}"#,
        "classes.User",
        "missing key \"table\" (the name of the table this class maps to)",
    );
    assert_refused(
        r#"{"classes": {"User": {"table": "users"}}}"#,
        "classes.User",
        "missing key \"columns\" (the mapped table's columns)",
    );
    assert_refused(
        &one_class(r#""id": {"type": "integer"}"#),
        "classes.User",
        "Mapper Mapper[User(users)] could not assemble any primary key columns for mapped table 'users'",
    );
    assert_refused(r#"{"tables": {"t": {"columns": {}}}}"#, "tables.t.columns", "a table needs at least one column");
}

#[test]
fn duplicate_table_names() {
    let json = r#"{"tables": {"users": {"columns": {"a": {}}}},
                   "classes": {"User": {"table": "users", "columns": {"id": {"type": "integer", "primary_key": true}}}}}"#;
    assert_refused(
        json,
        "classes.User.table",
        "Table 'users' is already defined for this MetaData instance.  Specify 'extend_existing=True' to redefine \
         options and columns on an existing Table object.",
    );
    let json = r#"{"classes": {"A": {"table": "t", "columns": {"id": {"type": "integer", "primary_key": true}}},
                                "B": {"table": "t", "columns": {"id": {"type": "integer", "primary_key": true}}}}}"#;
    assert_eq!(refuse(json).path, "classes.B.table");
}

#[test]
fn attribute_names() {
    assert_refused(
        &one_class(&format!(r#"{PK}, "metadata": {{"type": "string"}}"#)),
        "classes.User.columns.metadata",
        "Attribute name 'metadata' is reserved when using the Declarative API.",
    );
    assert_refused(
        &one_class(&format!(r#"{PK}, "first name": {{"type": "string"}}"#)),
        "classes.User.columns.first name",
        "attribute name \"first name\" is not a Python identifier",
    );
    assert_refused(
        &one_class(&format!(r#"{PK}, "class": {{"type": "string"}}"#)),
        "classes.User.columns.class",
        "attribute name \"class\" is not a Python identifier",
    );
    assert_refused(
        r#"{"classes": {"2User": {"table": "u", "columns": {"id": {"type": "integer", "primary_key": true}}}}}"#,
        "classes.2User",
        "class name \"2User\" is not a Python identifier",
    );
    assert_refused(
        &user_address(r#""name": {"target": "Address"}"#, ""),
        "classes.User.relationships.name",
        "relationship \"name\" has the same name as a column of User",
    );
    // Plain tables may use any column name.
    assert!(load_str(r#"{"tables": {"t": {"columns": {"first name": {}}}}}"#, "s").is_ok());
}

#[test]
fn foreign_key_form_and_target() {
    assert_refused(
        &one_class(&format!(r#"{PK}, "x": {{"type": "integer", "foreign_key": "users"}}"#)),
        "classes.User.columns.x.foreign_key",
        "expected \"table.column\", got \"users\"",
    );
    assert_refused(
        &one_class(&format!(r#"{PK}, "x": {{"type": "integer", "foreign_key": "a.b.c"}}"#)),
        "classes.User.columns.x.foreign_key",
        "expected \"table.column\", got \"a.b.c\"",
    );
    assert_refused(
        &one_class(&format!(r#"{PK}, "x": {{"type": "integer", "foreign_key": "nope.id"}}"#)),
        "classes.User.columns.x.foreign_key",
        "Foreign key associated with column 'users.x' could not find table 'nope' with which to generate a foreign \
         key to target column 'id'",
    );
    assert_refused(
        &one_class(&format!(r#"{PK}, "x": {{"type": "integer", "foreign_key": "users.nope"}}"#)),
        "classes.User.columns.x.foreign_key",
        "Could not initialize target column for ForeignKey 'users.nope' on table 'users': table 'users' has no \
         column named 'nope'",
    );
    assert_refused(
        &one_class(&format!(r#"{PK}, "x": {{"type": "integer", "ondelete": "CASCADE"}}"#)),
        "classes.User.columns.x.ondelete",
        "\"ondelete\" needs \"foreign_key\" on the same column",
    );
    assert_refused(
        &one_class(&format!(r#"{PK}, "x": {{"type": "integer", "foreign_key": "users.id", "ondelete": "DROP"}}"#)),
        "classes.User.columns.x.ondelete",
        "unknown ondelete \"DROP\"; expected one of CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION",
    );
}

#[test]
fn defaults_must_fit_the_column() {
    assert_refused(
        &one_class(&format!(r#"{PK}, "n": {{"type": "integer", "default": "0"}}"#)),
        "classes.User.columns.n.default",
        "default of a \"integer\" column must be an integer, got string \"0\"",
    );
    assert_refused(
        &one_class(&format!(r#"{PK}, "n": {{"type": "boolean", "default": 1}}"#)),
        "classes.User.columns.n.default",
        "default of a \"boolean\" column must be true or false, got number 1",
    );
    assert_refused(
        &one_class(&format!(r#"{PK}, "n": {{"type": "date", "default": "2024-01-01"}}"#)),
        "classes.User.columns.n.default",
        "a \"date\" column cannot take its default from JSON; use \"server_default\" (SQL text)",
    );
    assert_refused(
        &one_class(&format!(r#"{PK}, "n": {{"type": "string", "default": [1]}}"#)),
        "classes.User.columns.n.default",
        "default of a \"string\" column must be a string, got array [1]",
    );
}

#[test]
fn relationship_references() {
    assert_refused(
        &user_address(r#""addresses": {"target": "Adress"}"#, ""),
        "classes.User.relationships.addresses.target",
        "target \"Adress\" is not a mapped class; classes: User, Address",
    );
    assert_refused(
        &user_address(r#""addresses": {"back_populates": "user"}"#, ""),
        "classes.User.relationships.addresses",
        "missing key \"target\" (the related class)",
    );
    assert_refused(
        &user_address(r#""addresses": {"target": "Address", "secondary": "nope"}"#, ""),
        "classes.User.relationships.addresses.secondary",
        "secondary \"nope\" is not a table; tables: users, addresses",
    );
    assert_refused(
        &user_address(r#""addresses": {"target": "Address", "order_by": "-email"}"#, ""),
        "classes.User.relationships.addresses.order_by",
        "Address has no column \"email\"; columns: id, user_id",
    );
    assert_refused(
        &user_address(r#""addresses": {"target": "Address", "order_by": "--id"}"#, ""),
        "classes.User.relationships.addresses.order_by",
        "expected a column name of the target, or \"-name\" for descending; got \"--id\"",
    );
    assert_refused(
        &user_address("", r#""user": {"target": "User", "foreign_keys": ["user_id", "uid"]}"#),
        "classes.Address.relationships.user.foreign_keys.1",
        "\"uid\" is not a column of Address; columns: id, user_id",
    );
}

#[test]
fn cascade_and_lazy_strings() {
    assert_refused(
        &user_address(r#""addresses": {"target": "Address", "cascade": "all, delete-orphan, save_update"}"#, ""),
        "classes.User.relationships.addresses.cascade",
        "Invalid cascade option(s): 'save_update'",
    );
    assert_refused(
        &user_address(r#""addresses": {"target": "Address", "cascade": "save-update merge"}"#, ""),
        "classes.User.relationships.addresses.cascade",
        "Invalid cascade option(s): 'save-update merge'",
    );
    assert_refused(
        &user_address(r#""addresses": {"target": "Address", "lazy": "dynamic"}"#, ""),
        "classes.User.relationships.addresses.lazy",
        "lazy \"dynamic\" is not supported by ormsh; use one of select, joined, selectin, raise, raise_on_sql, noload",
    );
    assert_refused(
        &user_address(r#""addresses": {"target": "Address", "lazy": "eager"}"#, ""),
        "classes.User.relationships.addresses.lazy",
        "unknown lazy \"eager\"; expected one of select, joined, selectin, raise, raise_on_sql, noload",
    );
    assert_refused(
        &user_address(r#""addresses": {"target": "Address", "passive_deletes": "all"}"#, ""),
        "classes.User.relationships.addresses.passive_deletes",
        "passive_deletes \"all\" is not supported by ormsh; use true",
    );
}

#[test]
fn cascade_parsing_follows_cascade_options() {
    let all = Cascade::parse("all").unwrap();
    assert_eq!(all.names(), ["delete", "expunge", "merge", "refresh-expire", "save-update"]);
    assert_eq!(Cascade::parse("all, delete-orphan").map(|c| c.delete_orphan), Ok(true));
    assert_eq!(Cascade::parse("save-update , merge ,delete"), Ok(Cascade { save_update: true, merge: true, delete: true, ..Cascade::default() }));
    assert_eq!(Cascade::parse("all, none"), Ok(Cascade::default()));
    assert_eq!(Cascade::parse(""), Ok(Cascade::default()));
    assert_eq!(Cascade::parse(" merge"), Err("Invalid cascade option(s): ' merge'".to_string()));
    assert_eq!(Cascade::parse("b, a, b"), Err("Invalid cascade option(s): 'a', 'b'".to_string()));
}

#[test]
fn back_populates_must_agree_both_ways() {
    // SQLAlchemy accepts a one-sided back_populates; ormsh asks for both sides.
    assert_refused(
        &user_address(r#""addresses": {"target": "Address", "back_populates": "user"}"#, r#""user": {"target": "User"}"#),
        "classes.User.relationships.addresses.back_populates",
        "User.addresses back-populates Address.user, but Address.user has no \"back_populates\"; set \
         \"back_populates\": \"addresses\" on Address.user so that both sides stay in sync",
    );
    assert_refused(
        &user_address(
            r#""addresses": {"target": "Address", "back_populates": "user"}, "more": {"target": "Address", "back_populates": "user"}"#,
            r#""user": {"target": "User", "back_populates": "addresses"}"#,
        ),
        "classes.User.relationships.more.back_populates",
        "User.more back-populates Address.user, but Address.user has \"back_populates\": \"addresses\"; set \
         \"back_populates\": \"more\" on Address.user so that both sides stay in sync",
    );
    // The SQLAlchemy messages (also checked against SQLAlchemy in inference_matches_sqlalchemy).
    assert_refused(
        &user_address(r#""addresses": {"target": "Address", "back_populates": "usr"}"#, r#""user": {"target": "User"}"#),
        "classes.User.relationships.addresses.back_populates",
        "Mapper 'Mapper[Address(addresses)]' has no property 'usr'.  If this property was indicated from other \
         mappers or configure events, ensure registry.configure() has been called.",
    );
}

#[test]
fn sqlalchemy_defaults() {
    let reg = load_str(
        &user_address(
            r#""addresses": {"target": "Address", "back_populates": "user"}"#,
            r#""user": {"target": "User", "back_populates": "addresses"}"#,
        ),
        "s",
    )
    .unwrap();
    let users = reg.metadata.table(reg.mapper(reg.lookup("User").unwrap()).table);
    let (id, name) = (&users.columns[0], &users.columns[1]);
    assert_eq!((id.primary_key, id.nullable, id.autoincrement), (true, false, Autoincrement::Auto));
    assert_eq!((name.nullable, name.unique, name.index, name.ty.clone()), (true, false, false, SqlType::String(None)));
    assert_eq!(users.primary_key, vec![0]);
    assert_eq!(users.autoincrement_column(), Some(0));
    let user = &reg.mappers[0];
    assert_eq!(user.columns, ["id", "name"]);
    let rel = &user.relationships[0];
    assert_eq!((rel.direction, rel.uselist, rel.lazy), (Direction::OneToMany, true, Lazy::Select));
    assert_eq!(rel.cascade, Cascade { save_update: true, merge: true, ..Cascade::default() });
    assert!(!rel.passive_deletes && !rel.viewonly && !rel.single_parent && rel.order_by.is_empty());
    let back = &reg.mappers[1].relationships[0];
    assert_eq!((back.direction, back.uselist), (Direction::ManyToOne, false));
}

#[test]
fn column_options_and_default_values() {
    let reg = load_str(
        r#"{"classes": {"P": {"table": "p", "columns": {
            "id": {"type": "biginteger", "primary_key": true, "autoincrement": false},
            "a": {"primary_key": true, "nullable": true},
            "price": {"type": "numeric", "precision": 10, "scale": 2, "default": 0},
            "ratio": {"type": "float", "default": 1.5},
            "ok": {"type": "boolean", "default": true, "index": true},
            "doc": {"type": "json", "default": {"k": [1]}},
            "s": {"type": "string", "length": 5, "default": "new", "server_default": "'x'"},
            "n": {"type": "integer", "default": null, "server_default": 7}}}}}"#,
        "s",
    )
    .unwrap();
    let t = &reg.metadata.tables[0];
    let c = |n: &str| &t.columns[t.column_index(n).unwrap()];
    assert_eq!(t.primary_key, vec![0, 1]);
    assert_eq!((c("id").ty.clone(), c("id").autoincrement), (SqlType::BigInteger, Autoincrement::No));
    assert_eq!((c("a").ty.clone(), c("a").nullable), (SqlType::String(None), true));
    assert_eq!(c("price").ty, SqlType::Numeric(Some(10), Some(2)));
    assert!(matches!(c("price").default, Some(Value::Int(0))));
    assert!(matches!(c("ratio").default, Some(Value::Float(f)) if f == 1.5));
    assert!(matches!(c("ok").default, Some(Value::Bool(true))));
    assert!(c("ok").index);
    assert!(matches!(&c("doc").default, Some(Value::Json(j)) if j.to_string() == r#"{"k":[1]}"#));
    assert!(matches!(&c("s").default, Some(Value::Str(s)) if s == "new"));
    assert_eq!((c("s").ty.clone(), c("s").server_default.as_deref()), (SqlType::String(Some(5)), Some("'x'")));
    assert!(c("n").default.is_none());
    assert_eq!(c("n").server_default.as_deref(), Some("7"));
}

#[test]
fn order_is_kept() {
    let reg = load_str(
        r#"{"tables": {"z_link": {"columns": {"b": {}, "a": {}}}},
            "classes": {"Zed": {"table": "zeds", "columns": {"zz": {"type": "integer", "primary_key": true}, "aa": {}}},
                        "Alpha": {"table": "alphas", "columns": {"id": {"type": "integer", "primary_key": true}}}}}"#,
        "s",
    )
    .unwrap();
    let names: Vec<&str> = reg.metadata.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["z_link", "zeds", "alphas"]);
    assert_eq!(reg.by_name.keys().collect::<Vec<_>>(), ["Zed", "Alpha"]);
    assert_eq!(reg.mappers[0].columns, ["zz", "aa"]);
    assert_eq!(reg.metadata.tables[0].columns[0].name, "b");
}

#[test]
fn relationship_details_of_the_example_schemas() {
    let hr = load_str(include_str!("../../schemas/hr.json"), "hr.json").unwrap();
    let emp = &hr.mappers[1];
    let (_, reports) = emp.relationship("reports").unwrap();
    assert_eq!(reports.name, "reports");
    assert_eq!(reports.target, emp.id);
    assert_eq!(reports.order_by, vec![crate::orm::mapping::OrderBy { column: 1, descending: false }]);
    let blog = load_str(include_str!("../../schemas/blog.json"), "blog.json").unwrap();
    let post = &blog.mappers[2];
    let tags = &post.relationships[1];
    let sec = tags.secondary.as_ref().map(|s| (blog.metadata.table(s.table).name.clone(), s.local_pairs.clone(), s.remote_pairs.clone()));
    assert_eq!(sec, Some(("post_tags".to_string(), vec![(0, 0)], vec![(0, 1)])));
    assert!(tags.local_remote_pairs.is_empty());
    for file in [include_str!("../../schemas/shop.json")] {
        assert!(load_str(file, "shop.json").is_ok());
    }
}

#[test]
fn load_file_labels_errors_with_the_path() {
    let e = crate::orm::schema_file::load_file(std::path::Path::new("/nonexistent/s.json"));
    assert!(matches!(e, Err(SchemaError { ref file, .. }) if file == "/nonexistent/s.json"));
}

/// Names checked per backend before any DDL (`sql::ddl_check`).
mod ddl_check {
    use crate::orm::schema_file::load_str;
    use crate::sql::ddl_check::check_names;

    fn names(json: &str, backend: &str) -> Result<(), String> {
        check_names(&load_str(json, "t.json").unwrap().metadata, crate::sql::dialect::dialect_for(backend).unwrap())
    }

    #[test]
    fn lengths_per_backend() {
        let long = "t".repeat(64);
        let doc = format!(r#"{{"tables": {{"{long}": {{"columns": {{"id": {{"type": "integer", "primary_key": true}}}}}}}}}}"#);
        let e = names(&doc, "postgresql").unwrap_err();
        assert_eq!(e, format!("IdentifierError: Identifier '{long}' exceeds maximum length of 63 characters"));
        assert!(names(&doc, "mysql").is_ok());
        assert!(names(&doc, "sqlite").is_ok());
        // bytes on PostgreSQL: 32 two-byte letters are 64 bytes
        let e2 = "é".repeat(32);
        let doc = format!(r#"{{"tables": {{"{e2}": {{"columns": {{"id": {{"type": "integer", "primary_key": true}}}}}}}}}}"#);
        assert!(names(&doc, "postgresql").unwrap_err().contains("63 bytes (64 bytes in UTF-8)"));
        assert!(names(&doc, "mysql").is_ok());
    }

    #[test]
    fn case_clashes_where_the_backend_folds() {
        let doc = r#"{"tables": {"Item": {"columns": {"id": {"type": "integer", "primary_key": true}}},
                                 "item": {"columns": {"id": {"type": "integer", "primary_key": true}}}}}"#;
        assert!(names(doc, "sqlite").unwrap_err().contains("differ only in case"));
        assert!(names(doc, "mysql").is_err());
        assert!(names(doc, "postgresql").is_ok());
        let doc = r#"{"tables": {"t": {"columns": {"id": {"type": "integer", "primary_key": true}, "Name": {"type": "integer"}, "name": {"type": "integer"}}}}}"#;
        assert!(names(doc, "sqlite").unwrap_err().contains("columns 'Name' and 'name'"));
    }

    /// The `quoting` fuzz target's first crash (input `sqlite_sequenc\nus`):
    /// SQLite refuses table names starting with `sqlite_` in any case, so
    /// `create_all` failed midway; now refused before any DDL, on SQLite only.
    #[test]
    fn sqlite_reserves_sqlite_prefixed_table_names() {
        for name in ["sqlite_sequenc", "SQLite_x", "sqlite_"] {
            let doc = format!(r#"{{"tables": {{"{name}": {{"columns": {{"us": {{"type": "integer", "primary_key": true}}}}}}}}}}"#);
            let e = names(&doc, "sqlite").unwrap_err();
            assert_eq!(e, format!("table name '{name}': SQLite reserves names that start with 'sqlite_'"));
            assert!(names(&doc, "postgresql").is_ok());
            assert!(names(&doc, "mysql").is_ok());
        }
        let doc = r#"{"tables": {"sqlitex": {"columns": {"sqlite_col": {"type": "integer", "primary_key": true}}}}}"#;
        assert!(names(doc, "sqlite").is_ok());
    }
}
