//! Loads the schema file (SPEC §2) into a [`Registry`]: tables, columns and
//! mapped classes with their relationships, validating every key and refusing
//! a bad file with its JSON path and the reason.
//!
//! Called once at start by the shell (`--schema FILE`). It mirrors what
//! `conformance/oracle.py`'s `build_models` does with SQLAlchemy's declarative
//! API (`sqlalchemy.Column`, `ForeignKey`, `relationship()`): the same
//! defaults, and where SQLAlchemy itself refuses a declaration, its message.
//! Relationship direction and join columns are inferred in
//! [`crate::orm::relationships`].

use crate::orm::mapping::{Mapper, MapperId, Registry};
use crate::orm::relationships::{self, RelationshipSpec};
use crate::sql::schema::{Autoincrement, Column, ForeignKey, MetaData, Table};
use crate::sql::types::SqlType;
use crate::sql::value::Value;
use serde_json::{Map, Value as Json};
use std::fmt;
use std::path::Path;

/// A refused schema file: which file, where in it (a dotted JSON path such as
/// `classes.User.columns.id.type`; empty for the whole document) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaError {
    pub file: String,
    pub path: String,
    pub message: String,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.path, self.message)
        }
    }
}

impl std::error::Error for SchemaError {}

/// Reads and loads a schema file; errors name the file as given.
pub fn load_file(path: &Path) -> Result<Registry, SchemaError> {
    let label = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| SchemaError {
        file: label.clone(),
        path: String::new(),
        message: format!("cannot read the schema file: {e}"),
    })?;
    load_str(&text, &label)
}

/// Loads a schema from its JSON text; `file_label` is the file name shown in errors.
pub fn load_str(text: &str, file_label: &str) -> Result<Registry, SchemaError> {
    // a UTF-8 byte order mark (editors on Windows write one) is not JSON: skip it
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let json_error = |e: serde_json::Error| SchemaError {
        file: file_label.to_string(),
        path: String::new(),
        message: format!("invalid JSON at line {} column {}: {}", e.line(), e.column(), json_error_reason(&e)),
    };
    // serde_json keeps the last of two equal keys: a definition would be lost
    // silently, so a duplicate key refuses the file
    serde_json::from_str::<NoDuplicateKeys>(text).map_err(json_error)?;
    let doc: Json = serde_json::from_str(text).map_err(json_error)?;
    Loader { file: file_label }.load(&doc)
}

/// A JSON document walked only to find a key given twice in one object.
struct NoDuplicateKeys;

impl<'de> serde::Deserialize<'de> for NoDuplicateKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NoDuplicateKeys)
    }
}

impl<'de> serde::de::Visitor<'de> for NoDuplicateKeys {
    type Value = NoDuplicateKeys;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_unit<E>(self) -> Result<Self, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<NoDuplicateKeys>()?.is_some() {}
        Ok(NoDuplicateKeys)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self, A::Error> {
        let mut keys = std::collections::HashSet::new();
        while let Some(k) = map.next_key::<String>()? {
            if keys.contains(&k) {
                return Err(serde::de::Error::custom(format!("duplicate key \"{k}\" (a definition would be lost)")));
            }
            map.next_value::<NoDuplicateKeys>()?;
            keys.insert(k);
        }
        Ok(NoDuplicateKeys)
    }
}

/// A name that would reach SQL and the terminal: no control characters
/// (NUL, ESC …), which no backend stores faithfully and which would act on
/// the terminal through the DDL echo and `.tables`.
fn control_char_in(name: &str) -> Option<char> {
    name.chars().find(|c| c.is_control())
}

/// serde_json's message without its trailing " at line L column C" (we say it first).
fn json_error_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

const TOP_KEYS: &[&str] = &["tables", "classes"];
const TABLE_KEYS: &[&str] = &["columns"];
const CLASS_KEYS: &[&str] = &["table", "columns", "relationships"];
const COLUMN_KEYS: &[&str] = &[
    "type", "primary_key", "nullable", "unique", "index", "default", "server_default", "foreign_key",
    "ondelete", "autoincrement", "length", "precision", "scale",
];
const RELATIONSHIP_KEYS: &[&str] = &[
    "target", "back_populates", "cascade", "secondary", "uselist", "order_by", "lazy", "passive_deletes",
    "viewonly", "single_parent", "foreign_keys",
];
/// `ondelete` phrases SQLAlchemy's DDL compiler accepts (`FK_ON_DELETE`).
const ONDELETE_PHRASES: &[&str] = &["CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION"];
/// Python keywords: names a script could not write as `User.<name>` or `User(<name>=…)`.
const PYTHON_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
    "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// Joins a JSON path and one more key.
pub(crate) fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// A short description of a JSON value for "expected …, got …" messages.
pub(crate) fn describe(v: &Json) -> String {
    let kind = match v {
        Json::Null => return "null".into(),
        Json::Bool(b) => return format!("boolean {b}"),
        Json::Number(n) => return format!("number {n}"),
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    };
    let mut text = v.to_string();
    if text.chars().count() > 40 {
        text = text.chars().take(37).collect::<String>() + "...";
    }
    format!("{kind} {text}")
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c.is_alphanumeric()) && !PYTHON_KEYWORDS.contains(&name)
}

/// A class column before it is placed in [`MetaData`] (its FK is checked once all tables exist).
struct ParsedTable {
    name: String,
    table: Table,
    /// JSON path of each column, for foreign-key errors.
    column_paths: Vec<String>,
}

struct ParsedClass {
    name: String,
    table_index: usize,
    relationships: Vec<RelationshipSpec>,
}

pub(crate) struct Loader<'a> {
    pub(crate) file: &'a str,
}

impl<'a> Loader<'a> {
    pub(crate) fn err(&self, path: &str, message: impl Into<String>) -> SchemaError {
        SchemaError { file: self.file.to_string(), path: path.to_string(), message: message.into() }
    }

    fn object<'j>(&self, v: &'j Json, path: &str, what: &str) -> Result<&'j Map<String, Json>, SchemaError> {
        v.as_object().ok_or_else(|| self.err(path, format!("expected an object ({what}), got {}", describe(v))))
    }

    fn check_keys(&self, obj: &Map<String, Json>, path: &str, what: &str, allowed: &[&str]) -> Result<(), SchemaError> {
        for key in obj.keys() {
            if !allowed.contains(&key.as_str()) {
                return Err(self.err(
                    &child(path, key),
                    format!("unknown {what} key \"{key}\"; allowed keys: {}", allowed.join(", ")),
                ));
            }
        }
        Ok(())
    }

    pub(crate) fn bool_at(&self, obj: &Map<String, Json>, key: &str, path: &str) -> Result<Option<bool>, SchemaError> {
        match obj.get(key) {
            None => Ok(None),
            Some(Json::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self.err(&child(path, key), format!("expected true or false, got {}", describe(other)))),
        }
    }

    pub(crate) fn str_at<'j>(&self, obj: &'j Map<String, Json>, key: &str, path: &str) -> Result<Option<&'j str>, SchemaError> {
        match obj.get(key) {
            None => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.as_str())),
            Some(other) => Err(self.err(&child(path, key), format!("expected a string, got {}", describe(other)))),
        }
    }

    fn count_at(&self, obj: &Map<String, Json>, key: &str, path: &str) -> Result<Option<u32>, SchemaError> {
        match obj.get(key) {
            None => Ok(None),
            Some(v) => match v.as_u64().and_then(|n| u32::try_from(n).ok()) {
                Some(n) => Ok(Some(n)),
                None => Err(self.err(&child(path, key), format!("expected a non-negative integer, got {}", describe(v)))),
            },
        }
    }

    fn load(&self, doc: &Json) -> Result<Registry, SchemaError> {
        let top = self.object(doc, "", "the schema: {\"tables\": …, \"classes\": …}")?;
        self.check_keys(top, "", "top-level", TOP_KEYS)?;
        let mut tables: Vec<ParsedTable> = Vec::new();
        if let Some(v) = top.get("tables") {
            let specs = self.object(v, "tables", "table name → table")?;
            for (name, spec) in specs {
                let path = child("tables", name);
                let spec = self.object(spec, &path, "a table with \"columns\"")?;
                self.check_keys(spec, &path, "table", TABLE_KEYS)?;
                let columns = spec.get("columns").ok_or_else(|| self.err(&path, "missing key \"columns\""))?;
                tables.push(self.table(name, &path, columns, false)?);
            }
        }
        let mut classes: Vec<ParsedClass> = Vec::new();
        if let Some(v) = top.get("classes") {
            let specs = self.object(v, "classes", "class name → class")?;
            for (name, spec) in specs {
                let path = child("classes", name);
                if !is_identifier(name) {
                    return Err(self.err(&path, format!("class name \"{name}\" is not a Python identifier")));
                }
                let spec = self.object(spec, &path, "a class with \"table\" and \"columns\"")?;
                self.check_keys(spec, &path, "class", CLASS_KEYS)?;
                let table_name = self
                    .str_at(spec, "table", &path)?
                    .ok_or_else(|| self.err(&path, "missing key \"table\" (the name of the table this class maps to)"))?;
                if table_name.is_empty() {
                    return Err(self.err(&child(&path, "table"), "the table name is empty"));
                }
                let columns = spec
                    .get("columns")
                    .ok_or_else(|| self.err(&path, "missing key \"columns\" (the mapped table's columns)"))?;
                if tables.iter().any(|t| t.name == table_name) {
                    return Err(self.err(
                        &child(&path, "table"),
                        format!(
                            "Table '{table_name}' is already defined for this MetaData instance.  Specify \
                             'extend_existing=True' to redefine options and columns on an existing Table object."
                        ),
                    ));
                }
                let parsed = self.table(table_name, &path, columns, true)?;
                if parsed.table.primary_key.is_empty() {
                    return Err(self.err(
                        &path,
                        format!(
                            "Mapper Mapper[{name}({table_name})] could not assemble any primary key columns for \
                             mapped table '{table_name}'"
                        ),
                    ));
                }
                let relationships = match spec.get("relationships") {
                    None => Vec::new(),
                    Some(v) => self.relationships(v, &child(&path, "relationships"), name, &parsed.table)?,
                };
                tables.push(parsed);
                classes.push(ParsedClass { name: name.clone(), table_index: tables.len() - 1, relationships });
            }
        }
        self.check_foreign_keys(&tables)?;

        let mut registry = Registry { metadata: MetaData::default(), mappers: Vec::new(), by_name: Default::default() };
        let table_ids: Vec<_> = tables.into_iter().map(|t| registry.metadata.add(t.table)).collect();
        for (i, class) in classes.iter().enumerate() {
            let id = MapperId(i as u32);
            let table = table_ids[class.table_index];
            let columns = registry.metadata.table(table).columns.iter().map(|c| c.name.clone()).collect();
            registry.mappers.push(Mapper { id, class_name: class.name.clone(), table, columns, relationships: Vec::new() });
            registry.by_name.insert(class.name.clone(), id);
        }
        let specs: Vec<(MapperId, &[RelationshipSpec])> =
            classes.iter().enumerate().map(|(i, c)| (MapperId(i as u32), c.relationships.as_slice())).collect();
        relationships::configure(self, &mut registry, &specs)?;
        Ok(registry)
    }

    /// One table's columns; `mapped` adds the attribute-name rules of a class.
    fn table(&self, name: &str, path: &str, columns: &Json, mapped: bool) -> Result<ParsedTable, SchemaError> {
        let cols_path = child(path, "columns");
        let specs = self.object(columns, &cols_path, "column name → column")?;
        if specs.is_empty() {
            return Err(self.err(&cols_path, "a table needs at least one column"));
        }
        if let Some(c) = control_char_in(name) {
            return Err(self.err(path, format!("the table name contains the control character U+{:04X}", c as u32)));
        }
        let mut table = Table { name: name.to_string(), columns: Vec::new(), primary_key: Vec::new() };
        let mut column_paths = Vec::new();
        for (col_name, spec) in specs {
            let col_path = child(&cols_path, col_name);
            if col_name.is_empty() {
                return Err(self.err(&col_path, "the column name is empty"));
            }
            if let Some(c) = control_char_in(col_name) {
                return Err(self.err(&col_path, format!("the column name contains the control character U+{:04X}", c as u32)));
            }
            if mapped {
                self.check_attribute_name(col_name, &col_path)?;
            }
            let column = self.column(col_name, spec, &col_path)?;
            if column.primary_key {
                table.primary_key.push(table.columns.len());
            }
            table.columns.push(column);
            column_paths.push(col_path);
        }
        Ok(ParsedTable { name: name.to_string(), table, column_paths })
    }

    /// Rules for a class attribute name (columns and relationships).
    pub(crate) fn check_attribute_name(&self, name: &str, path: &str) -> Result<(), SchemaError> {
        if !is_identifier(name) {
            return Err(self.err(path, format!("attribute name \"{name}\" is not a Python identifier")));
        }
        if name == "metadata" || name == "registry" {
            return Err(self.err(path, format!("Attribute name '{name}' is reserved when using the Declarative API.")));
        }
        if name.starts_with("__") {
            return Err(self.err(path, format!("attribute name \"{name}\" is reserved (it starts with \"__\")")));
        }
        Ok(())
    }

    fn column(&self, name: &str, spec: &Json, path: &str) -> Result<Column, SchemaError> {
        let spec = self.object(spec, path, "a column such as {\"type\": \"integer\"}")?;
        self.check_keys(spec, path, "column", COLUMN_KEYS)?;
        // The reference (`make_column`) maps a missing type to String.
        let type_name = self.str_at(spec, "type", path)?.unwrap_or("string");
        let type_path = child(path, "type");
        let length = self.count_at(spec, "length", path)?;
        let precision = self.count_at(spec, "precision", path)?;
        let scale = self.count_at(spec, "scale", path)?;
        let ty = match type_name {
            "integer" => SqlType::Integer,
            "biginteger" => SqlType::BigInteger,
            "smallinteger" => SqlType::SmallInteger,
            "string" => SqlType::String(length),
            "text" => SqlType::Text,
            "boolean" => SqlType::Boolean,
            "float" => SqlType::Float,
            "numeric" => SqlType::Numeric(precision, if precision.is_some() { scale } else { None }),
            "date" => SqlType::Date,
            "datetime" => SqlType::DateTime,
            "time" => SqlType::Time,
            "binary" => SqlType::Binary,
            "json" => SqlType::Json,
            other => {
                return Err(self.err(
                    &type_path,
                    format!("unknown type \"{other}\"; expected one of {}", SqlType::FILE_NAMES.join(", ")),
                ))
            }
        };
        if length.is_some() && !matches!(ty, SqlType::String(_)) {
            return Err(self.err(
                &child(path, "length"),
                format!("\"length\" applies only to type \"string\", not \"{type_name}\""),
            ));
        }
        if length == Some(0) {
            return Err(self.err(&child(path, "length"), "a string length must be at least 1"));
        }
        for (key, given) in [("precision", precision), ("scale", scale)] {
            if given.is_some() && !matches!(ty, SqlType::Numeric(..)) {
                return Err(self.err(
                    &child(path, key),
                    format!("\"{key}\" applies only to type \"numeric\", not \"{type_name}\""),
                ));
            }
        }
        if scale.is_some() && precision.is_none() {
            return Err(self.err(&child(path, "scale"), "\"scale\" needs \"precision\" too"));
        }
        if let (Some(p), Some(s)) = (precision, scale) {
            if s > p {
                return Err(self.err(&child(path, "scale"), format!("scale {s} is larger than precision {p}")));
            }
        }
        let primary_key = self.bool_at(spec, "primary_key", path)?.unwrap_or(false);
        let nullable = self.bool_at(spec, "nullable", path)?.unwrap_or(!primary_key);
        let unique = self.bool_at(spec, "unique", path)?.unwrap_or(false);
        let index = self.bool_at(spec, "index", path)?.unwrap_or(false);
        let default = match spec.get("default") {
            None => None,
            Some(v) => self.default_value(v, &ty, &child(path, "default"))?,
        };
        let server_default = match spec.get("server_default") {
            None | Some(Json::Null) => None,
            Some(Json::String(s)) => Some(s.clone()),
            Some(Json::Number(n)) => Some(n.to_string()),
            Some(other) => {
                return Err(self.err(
                    &child(path, "server_default"),
                    format!("expected SQL text (a string such as \"'draft'\"), got {}", describe(other)),
                ))
            }
        };
        let ondelete = self.str_at(spec, "ondelete", path)?;
        if let Some(phrase) = ondelete {
            if !ONDELETE_PHRASES.iter().any(|p| p.eq_ignore_ascii_case(phrase)) {
                return Err(self.err(
                    &child(path, "ondelete"),
                    format!("unknown ondelete \"{phrase}\"; expected one of {}", ONDELETE_PHRASES.join(", ")),
                ));
            }
        }
        let foreign_key = match self.str_at(spec, "foreign_key", path)? {
            None => {
                if ondelete.is_some() {
                    return Err(self.err(&child(path, "ondelete"), "\"ondelete\" needs \"foreign_key\" on the same column"));
                }
                None
            }
            Some(target) => {
                let parts: Vec<&str> = target.split('.').collect();
                match parts.as_slice() {
                    [table, column] if !table.is_empty() && !column.is_empty() => Some(ForeignKey {
                        table: table.to_string(),
                        column: column.to_string(),
                        ondelete: ondelete.map(str::to_string),
                    }),
                    _ => {
                        return Err(self.err(
                            &child(path, "foreign_key"),
                            format!("expected \"table.column\", got \"{target}\""),
                        ))
                    }
                }
            }
        };
        let autoincrement = match spec.get("autoincrement") {
            None => Autoincrement::Auto,
            Some(Json::Bool(true)) => Autoincrement::Yes,
            Some(Json::Bool(false)) => Autoincrement::No,
            Some(Json::String(s)) if s == "auto" => Autoincrement::Auto,
            Some(other) => {
                return Err(self.err(
                    &child(path, "autoincrement"),
                    format!("expected true, false or \"auto\", got {}", describe(other)),
                ))
            }
        };
        Ok(Column {
            name: name.to_string(),
            ty,
            primary_key,
            nullable,
            unique,
            index,
            default,
            server_default,
            foreign_key,
            autoincrement,
            native_type: None,
        })
    }

    /// The Python literal SQLAlchemy would hold as `Column(default=…)`: JSON
    /// values keep their own type (an integer default on a numeric column stays
    /// `0`, as the reference shows `price=0`). Values the column could not
    /// store are refused here rather than at the first INSERT.
    fn default_value(&self, v: &Json, ty: &SqlType, path: &str) -> Result<Option<Value>, SchemaError> {
        if v.is_null() {
            return Ok(None);
        }
        let type_name = ty.file_name();
        let value = match (ty, v) {
            (SqlType::Json, other) => Some(Value::Json(Box::new(other.clone()))),
            (SqlType::Boolean, Json::Bool(b)) => Some(Value::Bool(*b)),
            (t, Json::Number(n)) if t.is_integer() => n.as_i64().map(Value::Int),
            (SqlType::Float | SqlType::Numeric(..), Json::Number(n)) => match n.as_i64() {
                Some(i) => Some(Value::Int(i)),
                None => n.as_f64().map(Value::Float),
            },
            (SqlType::String(_) | SqlType::Text, Json::String(s)) => Some(Value::Str(s.clone())),
            (SqlType::Date | SqlType::DateTime | SqlType::Time | SqlType::Binary, _) => {
                return Err(self.err(
                    path,
                    format!(
                        "a \"{type_name}\" column cannot take its default from JSON; use \"server_default\" (SQL text)"
                    ),
                ))
            }
            _ => None,
        };
        match value {
            Some(value) => Ok(Some(value)),
            None => {
                let expected = match ty {
                    SqlType::Boolean => "true or false",
                    t if t.is_integer() => "an integer",
                    SqlType::Float | SqlType::Numeric(..) => "a number",
                    _ => "a string",
                };
                Err(self.err(
                    path,
                    format!("default of a \"{type_name}\" column must be {expected}, got {}", describe(v)),
                ))
            }
        }
    }

    fn check_foreign_keys(&self, tables: &[ParsedTable]) -> Result<(), SchemaError> {
        for t in tables {
            for (column, col_path) in t.table.columns.iter().zip(&t.column_paths) {
                let Some(fk) = &column.foreign_key else { continue };
                let path = child(col_path, "foreign_key");
                let Some(target) = tables.iter().find(|o| o.name == fk.table) else {
                    return Err(self.err(
                        &path,
                        format!(
                            "Foreign key associated with column '{}.{}' could not find table '{}' with which to \
                             generate a foreign key to target column '{}'",
                            t.name, column.name, fk.table, fk.column
                        ),
                    ));
                };
                if target.table.column_index(&fk.column).is_none() {
                    return Err(self.err(
                        &path,
                        format!(
                            "Could not initialize target column for ForeignKey '{}.{}' on table '{}': table '{}' \
                             has no column named '{}'",
                            fk.table, fk.column, t.name, fk.table, fk.column
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    fn relationships(
        &self,
        v: &Json,
        path: &str,
        class_name: &str,
        table: &Table,
    ) -> Result<Vec<RelationshipSpec>, SchemaError> {
        let specs = self.object(v, path, "relationship name → relationship")?;
        let mut out = Vec::new();
        for (name, spec) in specs {
            let rel_path = child(path, name);
            self.check_attribute_name(name, &rel_path)?;
            if table.column_index(name).is_some() {
                return Err(self.err(
                    &rel_path,
                    format!("relationship \"{name}\" has the same name as a column of {class_name}"),
                ));
            }
            let spec = self.object(spec, &rel_path, "a relationship such as {\"target\": \"Address\"}")?;
            self.check_keys(spec, &rel_path, "relationship", RELATIONSHIP_KEYS)?;
            out.push(relationships::parse_spec(self, name, spec, &rel_path)?);
        }
        Ok(out)
    }
}
