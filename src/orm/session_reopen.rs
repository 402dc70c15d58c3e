//! `.open` of another URL with the same schema: the objects and sessions made
//! so far go on under the new engine, as Python objects outlive a new
//! `create_engine` (issue 13: they used to panic on their next use). A child
//! module of `session`, so it reaches the `Orm`'s private parts.

use super::Orm;
use crate::orm::mapping::Registry;
use std::rc::Rc;

impl Orm {
    /// True when every mapper of `self.registry` is mapped the same way in
    /// `other` (class, table, attributes, in order): objects and sessions made
    /// under the first stay valid under the second (`.open` of another URL).
    pub fn registry_compatible(&self, other: &Registry) -> bool {
        let (a, b) = (&self.registry, other);
        a.mappers.len() <= b.mappers.len()
            && a.mappers.iter().zip(&b.mappers).all(|(x, y)| {
                x.class_name == y.class_name
                    && x.columns == y.columns
                    && a.metadata.table(x.table).name == b.metadata.table(y.table).name
                    && x.relationships.len() == y.relationships.len()
                    && x.relationships.iter().zip(&y.relationships).all(|(r, s)| r.name == s.name)
            })
    }

    /// Go on with `registry` (see [`Orm::registry_compatible`], checked by the
    /// caller): every instance and session stays as it is, as Python objects
    /// outlive a new `create_engine`.
    pub fn adopt_registry(&mut self, registry: Rc<Registry>) {
        debug_assert!(self.registry_compatible(&registry));
        self.instances.extend_class_names(registry.mappers.iter().map(|m| Rc::from(m.class_name.as_str())));
        self.registry = registry;
    }
}
