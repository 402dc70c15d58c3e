//! The SQLAlchemy-named surface: `Session`, `select`, mapped classes and
//! instances, `inspect`, engines and connections, as `Native` objects.

/// The state behind the surface (filled in as the ORM lands).
#[derive(Default)]
pub struct SaState {}
