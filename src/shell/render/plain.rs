//! The `plain` format: readable, stable text with no color and no boxes. It is
//! what pipes and the golden tests see (see `text` for the rendering itself).

use super::text::{TableStyle, TextRenderer};
use super::Shared;
use crate::events::{Event, EventSink};

pub struct PlainSink(TextRenderer);

impl PlainSink {
    pub fn new(shared: Shared) -> PlainSink {
        PlainSink(TextRenderer::new(shared, TableStyle::Aligned, false))
    }
    /// The same text with results drawn in `style` (`.mode line|csv|json|markdown`).
    pub fn with_style(shared: Shared, style: TableStyle) -> PlainSink {
        PlainSink(TextRenderer::new(shared, style, false))
    }
}

impl EventSink for PlainSink {
    fn emit(&mut self, ev: Event) {
        self.0.emit(ev)
    }
    fn wants_sql(&self) -> bool {
        self.0.wants_sql()
    }
    fn closed(&self) -> bool {
        self.0.shared.failure().is_some()
    }
    fn flush(&mut self) {
        self.0.flush_held()
    }
}
