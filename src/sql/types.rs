//! Column types of the schema file (SPEC §2), as SQLAlchemy's generic types.
//! How each is spelled in DDL and how values are converted per dialect is
//! in `sql::dialect`.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SqlType {
    Integer,
    BigInteger,
    SmallInteger,
    /// VARCHAR(length); no length is VARCHAR (VARCHAR(255) on MySQL).
    String(Option<u32>),
    Text,
    Boolean,
    Float,
    /// NUMERIC(precision, scale)
    Numeric(Option<u32>, Option<u32>),
    Date,
    DateTime,
    Time,
    Binary,
    Json,
}

impl SqlType {
    pub fn is_integer(&self) -> bool {
        matches!(self, SqlType::Integer | SqlType::BigInteger | SqlType::SmallInteger)
    }
    /// The schema-file spelling (`integer`, `string` …).
    pub fn file_name(&self) -> &'static str {
        match self {
            SqlType::Integer => "integer",
            SqlType::BigInteger => "biginteger",
            SqlType::SmallInteger => "smallinteger",
            SqlType::String(_) => "string",
            SqlType::Text => "text",
            SqlType::Boolean => "boolean",
            SqlType::Float => "float",
            SqlType::Numeric(..) => "numeric",
            SqlType::Date => "date",
            SqlType::DateTime => "datetime",
            SqlType::Time => "time",
            SqlType::Binary => "binary",
            SqlType::Json => "json",
        }
    }
    pub const FILE_NAMES: &'static [&'static str] = &[
        "integer", "biginteger", "smallinteger", "string", "text", "boolean", "float", "numeric",
        "date", "datetime", "time", "binary", "json",
    ];
}
