//! Word wrapping of prose for a terminal narrower than a line: the terminal
//! itself cuts a long line at its last column, mid-word, with no indent, which
//! is what `.explain`, `.stats` or `.why` looked like on 80 columns. Only text
//! going to a terminal is wrapped; piped output, files and the JSON-lines trace
//! keep their lines as they are.

/// `text` cut into lines of at most `width` characters at spaces (a longer word
/// stands alone on its line).
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Each line of `text` longer than `width` wrapped at spaces, its continuation
/// lines indented two more than the line itself (a hanging indent, so the wrapped
/// part reads as part of its line). The text between cuts is kept as it was, the
/// spaces that align columns included; lines that fit are left byte for byte.
pub fn wrap_lines(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        if body.chars().count() <= width || width < 20 {
            out.push_str(line);
            continue;
        }
        let indent = body.len() - body.trim_start_matches(' ').len();
        let (head, mut rest) = cut(body, width);
        out.push_str(head);
        while !rest.is_empty() {
            out.push('\n');
            let (piece, next) = cut(rest, width - (indent + 2));
            out.push_str(&" ".repeat(indent + 2));
            out.push_str(piece);
            rest = next;
        }
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// `s` split before its last space that leaves at most `width` characters in
/// front (or after its first word when even that is longer): the front without
/// trailing spaces, the rest without leading ones.
fn cut(s: &str, width: usize) -> (&str, &str) {
    if s.chars().count() <= width {
        return (s, "");
    }
    let limit = s.char_indices().nth(width).map_or(s.len(), |(i, _)| i);
    let content = s.len() - s.trim_start_matches(' ').len();
    let at = s[..=limit.min(s.len() - 1)]
        .rfind(' ')
        .filter(|&i| i > content)
        .or_else(|| s[content..].find(' ').map(|i| i + content));
    match at {
        Some(i) => (s[..i].trim_end_matches(' '), s[i..].trim_start_matches(' ')),
        None => (s, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_break_at_spaces_and_a_long_word_stands_alone() {
        assert_eq!(wrap_words("a bb ccc dddd", 6), vec!["a bb", "ccc", "dddd"]);
        assert_eq!(wrap_words("abcdefghij x", 4), vec!["abcdefghij", "x"]);
        assert!(wrap_words("   ", 5).is_empty());
    }

    #[test]
    fn long_lines_wrap_with_a_hanging_indent_and_short_ones_stay() {
        let text = "short line\n  on commit: every attribute expires (expire_on_commit); on rollback: it goes back\nend";
        let wrapped = wrap_lines(text, 40);
        for line in wrapped.lines() {
            assert!(line.chars().count() <= 40, "{:?}", line);
        }
        assert!(wrapped.starts_with("short line\n  on commit: every attribute"));
        assert!(wrapped.contains("\n    "), "continuation indented by two more: {}", wrapped);
        assert!(wrapped.ends_with("\nend"), "no newline added at the end: {:?}", wrapped);
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words(&wrapped), words(text), "no word lost or split");
        assert_eq!(wrap_lines(text, 200), text);
        let aligned = "    addresses      list[Address]  one-to-many cascade=\"delete, delete-orphan, expunge\"";
        assert!(wrap_lines(aligned, 60).starts_with("    addresses      list[Address]  one-to-many\n      cascade="));
        assert_eq!(wrap_lines("x".repeat(50).as_str(), 30), "x".repeat(50), "one long word is left whole");
    }

    #[test]
    fn help_fits_a_narrow_terminal() {
        use crate::shell::dot::help_listing;
        let wide = help_listing(None);
        assert!(wide.lines().any(|l| l.chars().count() > 80), "the one-line layout is wider than 80");
        let narrow = help_listing(Some(80));
        assert!(narrow.lines().all(|l| l.chars().count() <= 80), "{}", narrow);
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words(&narrow), words(&wide), "same words, in the same order");
        assert_eq!(help_listing(Some(500)), wide, "a wide terminal keeps one line per command");
    }
}
