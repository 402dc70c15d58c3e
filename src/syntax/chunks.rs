//! Splits a script into its top-level statements' text, so that a long script
//! is parsed and run one statement at a time (issue 13: a script took 35–65×
//! its size in memory as one token vector and one tree).
//!
//! CPython compiles a whole file before running it; ormsh keeps that promise
//! (a SyntaxError anywhere stops the run before anything runs) by parsing the
//! pieces once to validate them, dropping each tree, then again to run them.
//! The split is a cheap scan, not the lexer: a line starts a new top-level
//! statement when it starts in column 0 outside any string, bracket or
//! backslash continuation, is no blank or comment line and does not start an
//! `else`/`elif`/`except`/`finally` clause. Should the scan be wrong, the piece
//! before the wrong split does not parse (it ends inside a string, a bracket,
//! a continuation, or the next one starts with a clause or an indent), and the
//! caller parses the whole text instead: the split can cost memory, never
//! change what a script means or which error it gets.

/// The top-level pieces of `src`: `(text, first line)` (lines from 1), in
/// order, together covering `src` exactly.
pub fn top_level_chunks(src: &str) -> Chunks<'_> {
    Chunks { src, pos: 0, line: 1 }
}

pub struct Chunks<'a> {
    src: &'a str,
    pos: usize,
    line: u32,
}

impl<'a> Iterator for Chunks<'a> {
    type Item = (&'a str, u32);

    fn next(&mut self) -> Option<(&'a str, u32)> {
        if self.pos >= self.src.len() {
            return None;
        }
        let start = self.pos;
        let first_line = self.line;
        let (end, lines) = next_boundary(self.src.as_bytes(), start);
        self.pos = end;
        self.line = self.line.saturating_add(lines);
        Some((&self.src[start..end], first_line))
    }
}

/// What the scan is inside of at the end of a physical line.
#[derive(Default)]
struct State {
    /// The open string's quote byte and whether it is triple-quoted.
    string: Option<(u8, bool)>,
    brackets: usize,
    continuation: bool,
}

impl State {
    fn clean(&self) -> bool {
        self.string.is_none() && self.brackets == 0 && !self.continuation
    }
}

/// The byte offset where the statement starting at `start` ends (the next
/// boundary or the end), and how many newlines lie between.
fn next_boundary(b: &[u8], start: usize) -> (usize, u32) {
    let mut st = State::default();
    let mut i = start;
    let mut lines = 0u32;
    let mut first = true;
    while i < b.len() {
        // at the start of a physical line
        if st.clean() && !first && starts_statement(&b[i..]) {
            return (i, lines);
        }
        let line_start_clean = st.clean();
        first = false;
        let end = b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p);
        scan_line(&b[i..end], line_start_clean, &mut st);
        if end < b.len() {
            lines += 1;
        }
        i = end + 1;
    }
    (b.len(), lines)
}

/// A line in column 0 that opens a new top-level statement.
fn starts_statement(line: &[u8]) -> bool {
    let Some(&c) = line.first() else { return false };
    if matches!(c, b' ' | b'\t' | b'\x0c' | b'#' | b'\n' | b'\r') {
        return false;
    }
    for clause in [&b"else"[..], b"elif", b"except", b"finally"] {
        if line.starts_with(clause) && !line.get(clause.len()).is_some_and(|&n| n == b'_' || n.is_ascii_alphanumeric() || n >= 0x80) {
            return false;
        }
    }
    true
}

/// Update `st` over one physical line (without its newline).
fn scan_line(line: &[u8], at_clean_start: bool, st: &mut State) {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    st.continuation = false;
    // a dot-command line is one token: its text is not Python
    if at_clean_start && line.iter().find(|&&c| !matches!(c, b' ' | b'\t' | b'\x0c')) == Some(&b'.') {
        return;
    }
    let mut i = 0;
    while i < line.len() {
        let c = line[i];
        if let Some((q, triple)) = st.string {
            if c == b'\\' {
                if i + 1 == line.len() {
                    st.continuation = !triple;
                    return;
                }
                i += 2;
                continue;
            }
            if c == q {
                if !triple {
                    st.string = None;
                } else if line[i..].starts_with(&[q, q, q]) {
                    st.string = None;
                    i += 3;
                    continue;
                }
            }
            i += 1;
            continue;
        }
        match c {
            b'#' => return,
            b'\'' | b'"' => {
                let triple = line[i..].starts_with(&[c, c, c]);
                st.string = Some((c, triple));
                i += if triple { 3 } else { 1 };
                continue;
            }
            b'(' | b'[' | b'{' => st.brackets += 1,
            b')' | b']' | b'}' => st.brackets = st.brackets.saturating_sub(1),
            b'\\' if i + 1 == line.len() => st.continuation = true,
            _ => {}
        }
        i += 1;
    }
    // a one-quote string ends with its line (the lexer reports it unterminated)
    if matches!(st.string, Some((_, false))) && !st.continuation {
        st.string = None;
    }
}

#[cfg(test)]
mod tests {
    use super::top_level_chunks;
    use crate::syntax::parse_module;

    fn pieces(src: &str) -> Vec<(&str, u32)> {
        top_level_chunks(src).collect()
    }

    #[test]
    fn a_script_splits_at_its_top_level_statements() {
        let src = "x = 1\nif x:\n    y = 2\n# a comment in column 0\n    z = 3\nelse:\n    y = 4\ns = '''a\nb = 1\n'''\nt = (1,\n2)\nu = 1 + \\\n2\n.sql SELECT '(\nv = \"#\" + 'x'\n\n";
        let got = pieces(src);
        assert_eq!(
            got,
            vec![
                ("x = 1\n", 1),
                ("if x:\n    y = 2\n# a comment in column 0\n    z = 3\nelse:\n    y = 4\n", 2),
                ("s = '''a\nb = 1\n'''\n", 8),
                ("t = (1,\n2)\n", 11),
                ("u = 1 + \\\n2\n", 13),
                (".sql SELECT '(\n", 15),
                ("v = \"#\" + 'x'\n\n", 16),
            ]
        );
        assert_eq!(got.iter().map(|(p, _)| *p).collect::<String>(), src);
        assert_eq!(pieces("try:\n    a\nexcept Exception:\n    b\nfinally:\n    c\nelsewhere = 1\n").len(), 2);
        assert_eq!(pieces("").len(), 0);
        assert_eq!(pieces("x = 1").len(), 1);
    }

    /// Where the pieces all parse, they hold the whole module's statements; the
    /// tricky inputs either split right or leave a piece that does not parse
    /// (then the caller parses the whole text).
    #[test]
    fn pieces_that_parse_are_the_modules_statements() {
        let corpus = [
            "a = 1\nb = 2\n",
            "s = 'abc\\\ndef'\nx = 1\n",
            "s = \"\"\"x\n\"\"\" + '''\ny'''\nz = 1\n",
            "f = f\"{'a'}\"\ng = 2\n",
            "with x as y:\n    pass\nz = 1\n",
            "for i in []:\n    pass\nelse:\n    pass\nk = 1\n",
            "while False:\n\n    pass\n\nk = 1\r\nm = 2\r\n",
            "x = [\n1,\n]\ny = {\n}\n",
            "x = '''\n'''\n'''\n'''\n",
            "r = r'\\'\nq = 1\n",
            "x = 1 # ( [ {\ny = 2\n",
            "  x = 1\ny = 2\n",
            "x = (\ny = 2\n",
            "x = 1 \\\n\ny = 2\n",
        ];
        for src in corpus {
            let pieces = pieces(src);
            assert_eq!(pieces.iter().map(|(p, _)| *p).collect::<String>(), src);
            let parsed: Vec<_> = pieces.iter().map(|(p, _)| parse_module(p)).collect();
            if parsed.iter().all(|m| m.is_ok()) {
                let whole = parse_module(src).unwrap_or_else(|e| panic!("{src:?}: the pieces parse, the whole does not: {e:?}"));
                let lines: Vec<u32> = whole.body.iter().map(|s| s.pos.line).collect();
                let piece_lines: Vec<u32> = parsed
                    .iter()
                    .zip(&pieces)
                    .flat_map(|(m, (_, first))| m.as_ref().map(|m| m.body.iter().map(|s| s.pos.line + first - 1).collect::<Vec<_>>()).unwrap_or_default())
                    .collect();
                assert_eq!(piece_lines, lines, "{src:?}");
            }
        }
    }
}
