//! The `table` format, the default on a terminal: the plain rendering with
//! colors (unless `--no-color`/`$NO_COLOR`) and tables drawn by comfy-table.

use super::text::{TableStyle, TextRenderer};
use super::Shared;
use crate::events::{Event, EventSink};

pub struct TableSink(TextRenderer);

impl TableSink {
    pub fn new(shared: Shared) -> TableSink {
        TableSink(TextRenderer::new(shared, TableStyle::Boxed, true))
    }
    /// The same text with results drawn in `style` (`.mode line|csv|json|markdown`).
    pub fn with_style(shared: Shared, style: TableStyle) -> TableSink {
        TableSink(TextRenderer::new(shared, style, true))
    }
}

impl EventSink for TableSink {
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

#[cfg(test)]
mod tests {
    use super::super::{Capture, Format, Settings, Shared};
    use super::*;
    use crate::events::Table;

    #[test]
    fn boxed_tables_and_no_color_when_color_is_off() {
        let cap = Capture::default();
        let mut sink = TableSink::new(Shared::new(Settings::new(Format::Table, true, false), Box::new(cap.clone())));
        let t = Table { columns: vec!["id".into()], rows: vec![vec!["1".into()]] };
        sink.emit(Event::Value { repr: "[User(id=1)]".into(), table: Some(t) });
        sink.emit(Event::Error { kind: "NameError".into(), message: "x".into(), line: None, col: None, hint: None });
        let text = cap.text();
        assert!(text.contains("│ id │") || text.contains("┆ id ┆") || text.contains("| id |"), "{}", text);
        assert!(text.contains("(1 row)"));
        assert!(!text.contains('\x1b'), "{:?}", text);
    }

    #[test]
    fn colored_when_color_is_on() {
        let cap = Capture::default();
        let mut sink = TableSink::new(Shared::new(Settings::new(Format::Table, true, true), Box::new(cap.clone())));
        sink.emit(Event::Tx { op: crate::events::TxOp::Begin, name: None });
        assert!(cap.text().contains("\x1b["));
    }
}
