//! Unit tests of `orm::automap` on hand-built reflected tables.
use super::*;
use crate::engine::reflect::{ReflectedColumn, ReflectedForeignKey, ReflectedTable};
use crate::sql::types::SqlType;

fn col(name: &str, nullable: bool) -> ReflectedColumn {
    ReflectedColumn { name: name.into(), declared_type: "INTEGER".into(), ty: SqlType::Integer, nullable, default: None, autoincrement: None, recognized: true, native_type: None }
}
fn fk(cols: &[&str], table: &str, refs: &[&str], ondelete: Option<&str>) -> ReflectedForeignKey {
    ReflectedForeignKey {
        name: None,
        columns: cols.iter().map(|s| s.to_string()).collect(),
        referred_table: table.into(),
        referred_columns: refs.iter().map(|s| s.to_string()).collect(),
        ondelete: ondelete.map(str::to_string),
    }
}
fn table(name: &str, cols: Vec<ReflectedColumn>, pk: &[&str], fks: Vec<ReflectedForeignKey>) -> ReflectedTable {
    ReflectedTable { name: name.into(), columns: cols, primary_key: pk.iter().map(|s| s.to_string()).collect(), foreign_keys: fks, indexes: vec![] }
}
fn rel<'r>(reg: &'r Registry, class: &str, name: &str) -> &'r Relationship {
    let m = reg.mapper(reg.lookup(class).expect("class"));
    m.relationship(name).map(|(_, r)| r).unwrap_or_else(|| panic!("{class}.{name} missing; has {:?}", m.relationships.iter().map(|r| &r.name).collect::<Vec<_>>()))
}

/// Chinook in miniature: Artist, Album (NOT NULL fk), Employee (self), Playlist/Track with PlaylistTrack.
fn chinook() -> Vec<ReflectedTable> {
    vec![
        table("Album", vec![col("AlbumId", false), col("ArtistId", false)], &["AlbumId"], vec![fk(&["ArtistId"], "Artist", &["ArtistId"], None)]),
        table("Artist", vec![col("ArtistId", false)], &["ArtistId"], vec![]),
        table("Employee", vec![col("EmployeeId", false), col("ReportsTo", true)], &["EmployeeId"], vec![fk(&["ReportsTo"], "Employee", &["EmployeeId"], None)]),
        table("Log", vec![col("msg", true)], &[], vec![]),
        table("Playlist", vec![col("PlaylistId", false)], &["PlaylistId"], vec![]),
        table(
            "PlaylistTrack",
            vec![col("PlaylistId", false), col("TrackId", false)],
            &["PlaylistId", "TrackId"],
            vec![fk(&["PlaylistId"], "Playlist", &["PlaylistId"], None), fk(&["TrackId"], "Track", &["TrackId"], None)],
        ),
        table("Track", vec![col("TrackId", false), col("AlbumId", true)], &["TrackId"], vec![fk(&["AlbumId"], "Album", &["AlbumId"], None)]),
    ]
}

#[test]
fn classes_are_tables_with_a_primary_key_but_not_association_tables() {
    let reg = automap(Registry::default(), &chinook()).expect("automap").registry;
    let names: Vec<&str> = reg.mappers.iter().map(|m| m.class_name.as_str()).collect();
    assert_eq!(names, ["Album", "Artist", "Employee", "Playlist", "Track"]);
    assert_eq!(reg.metadata.tables.len(), 7, "unmapped tables stay in the metadata");
}

#[test]
fn many_to_one_and_one_to_many_names_and_cascades() {
    let reg = automap(Registry::default(), &chinook()).expect("automap").registry;
    let artist = rel(&reg, "Album", "artist");
    assert_eq!(artist.direction, Direction::ManyToOne);
    assert_eq!(artist.back_populates.as_deref(), Some("album_collection"));
    assert_eq!(artist.local_remote_pairs, vec![(1, 0)]);
    assert!(!artist.uselist);
    let albums = rel(&reg, "Artist", "album_collection");
    assert_eq!(albums.direction, Direction::OneToMany);
    assert_eq!(albums.local_remote_pairs, vec![(0, 1)]);
    assert_eq!(albums.cascade.names(), ["delete", "delete-orphan", "expunge", "merge", "refresh-expire", "save-update"]);
    let tracks = rel(&reg, "Album", "track_collection");
    assert_eq!(tracks.cascade.names(), ["merge", "save-update"], "nullable fk: default cascade");
}

#[test]
fn self_reference_gives_both_directions() {
    let reg = automap(Registry::default(), &chinook()).expect("automap").registry;
    assert_eq!(rel(&reg, "Employee", "employee").direction, Direction::ManyToOne);
    assert_eq!(rel(&reg, "Employee", "employee").local_remote_pairs, vec![(1, 0)]);
    assert_eq!(rel(&reg, "Employee", "employee_collection").direction, Direction::OneToMany);
    assert_eq!(rel(&reg, "Employee", "employee_collection").local_remote_pairs, vec![(0, 1)]);
}

#[test]
fn association_table_gives_many_to_many_on_both_sides() {
    let reg = automap(Registry::default(), &chinook()).expect("automap").registry;
    let tracks = rel(&reg, "Playlist", "track_collection");
    assert_eq!(tracks.direction, Direction::ManyToMany);
    let sec = tracks.secondary.as_ref().expect("secondary");
    assert_eq!(reg.metadata.table(sec.table).name, "PlaylistTrack");
    assert_eq!(sec.local_pairs, vec![(0, 0)]);
    assert_eq!(sec.remote_pairs, vec![(0, 1)]);
    let playlists = rel(&reg, "Track", "playlist_collection");
    assert_eq!(playlists.back_populates.as_deref(), Some("track_collection"));
    assert_eq!(playlists.secondary.as_ref().map(|s| s.local_pairs.clone()), Some(vec![(0, 1)]));
}

#[test]
fn composite_foreign_key_and_ondelete_cascade() {
    let tables = vec![
        table("site", vec![col("region", false), col("code", false)], &["region", "code"], vec![]),
        table(
            "visit",
            vec![col("id", false), col("region", false), col("code", false)],
            &["id"],
            vec![fk(&["region", "code"], "site", &["region", "code"], Some("CASCADE"))],
        ),
    ];
    let reg = automap(Registry::default(), &tables).expect("automap").registry;
    assert_eq!(rel(&reg, "visit", "site").local_remote_pairs, vec![(1, 0), (2, 1)]);
    let visits = rel(&reg, "site", "visit_collection");
    assert!(visits.passive_deletes);
    assert!(visits.cascade.delete_orphan);
}

/// SQLAlchemy 2.1.9 on Sakila/Pagila: `film.language` over the first
/// constraint it meets, `language.film_collection` over the second (without
/// the NOT NULL cascade), each `back_populates` the other.
#[test]
fn two_constraints_to_one_table_pair_the_first_and_the_second() {
    let tables = vec![
        table("film", vec![col("film_id", false), col("language_id", false), col("original_language_id", true)], &["film_id"], vec![
            fk(&["language_id"], "language", &["language_id"], None),
            fk(&["original_language_id"], "language", &["language_id"], None),
        ]),
        table("language", vec![col("language_id", false)], &["language_id"], vec![]),
    ];
    let reg = automap(Registry::default(), &tables).expect("automap").registry;
    let m2o = rel(&reg, "film", "language");
    assert_eq!(m2o.local_remote_pairs, vec![(1, 0)]);
    assert_eq!(m2o.back_populates.as_deref(), Some("film_collection"));
    assert_eq!(reg.mapper(reg.lookup("language").expect("language")).relationships.len(), 1);
    let o2m = rel(&reg, "language", "film_collection");
    assert_eq!(o2m.local_remote_pairs, vec![(0, 2)]);
    assert_eq!(o2m.back_populates.as_deref(), Some("language"));
    assert!(!o2m.cascade.delete_orphan, "original_language_id is nullable");
    assert_eq!(reg.mapper(reg.lookup("film").expect("film")).relationships.len(), 1);
}

#[test]
fn three_constraints_to_one_table_use_the_first_two() {
    let tables = vec![
        table("t", vec![col("id", false), col("a", false), col("b", false), col("c", false)], &["id"], vec![
            fk(&["a"], "u", &["id"], None),
            fk(&["b"], "u", &["id"], None),
            fk(&["c"], "u", &["id"], None),
        ]),
        table("u", vec![col("id", false)], &["id"], vec![]),
    ];
    let reg = automap(Registry::default(), &tables).expect("automap").registry;
    assert_eq!(rel(&reg, "t", "u").local_remote_pairs, vec![(1, 0)]);
    assert_eq!(rel(&reg, "u", "t_collection").local_remote_pairs, vec![(0, 2)]);
    assert!(rel(&reg, "u", "t_collection").cascade.delete_orphan);
}

#[test]
fn relationship_named_like_a_column_is_an_argument_error() {
    let tables = vec![
        table("child", vec![col("id", false), col("parent", true)], &["id"], vec![fk(&["parent"], "parent", &["id"], None)]),
        table("parent", vec![col("id", false)], &["id"], vec![]),
    ];
    let err = automap(Registry::default(), &tables).expect_err("conflict");
    assert_eq!(err.kind, crate::exc::ErrorKind::ArgumentError);
    assert!(err.message.contains("column 'parent' conflicts with property"), "{}", err.message);
    let tables = vec![
        table("child", vec![col("id", false), col("parent_id", true)], &["id"], vec![fk(&["parent_id"], "parent", &["id"], None)]),
        table("parent", vec![col("id", false), col("child_collection", true)], &["id"], vec![]),
    ];
    let err = automap(Registry::default(), &tables).expect_err("backref conflict");
    assert_eq!(
        err.message,
        "Error creating backref 'child_collection' on relationship 'child.parent': property of that name exists on mapper 'Mapper[parent(parent)]'"
    );
}

#[test]
fn schema_tables_are_kept_and_the_rest_reflected() {
    let schema = crate::orm::schema_file::load_str(
        r#"{"classes": {"Singer": {"table": "Artist", "columns": {"ArtistId": {"type": "integer", "primary_key": true}, "Name": {"type": "string"}}}}}"#,
        "s.json",
    )
    .expect("schema");
    let reg = automap(schema, &chinook()).expect("automap").registry;
    let names: Vec<&str> = reg.mappers.iter().map(|m| m.class_name.as_str()).collect();
    assert_eq!(names, ["Singer", "Album", "Employee", "Playlist", "Track"]);
    assert_eq!(reg.metadata.table(reg.mapper(MapperId(0)).table).columns.len(), 2, "the schema's columns win");
    assert_eq!(rel(&reg, "Album", "singer").back_populates.as_deref(), Some("album_collection"));
    assert_eq!(rel(&reg, "Singer", "album_collection").target, reg.lookup("Album").expect("Album"));
}

#[test]
fn aliases_for_names_that_are_not_identifiers() {
    assert_eq!(python_alias("Order Details").as_deref(), Some("Order_Details"));
    assert_eq!(python_alias("1st"), Some("_1st".into()));
    assert_eq!(python_alias("class"), Some("class_".into()));
    assert_eq!(python_alias("Album"), None);
}
