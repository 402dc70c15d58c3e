//! Input highlighting at the prompt, as IPython and pgcli colour what is being
//! typed: Python keywords, strings, numbers, comments, the names of mapped
//! classes and dot-commands. It is a forgiving scanner, not the parser: a line
//! being typed is usually incomplete (an open string, a half name), and every
//! byte of the input comes back unchanged, only wrapped in colour codes, so the
//! line editor's cursor arithmetic (done on the plain text) stays right.

use std::borrow::Cow;

const KEYWORD: &str = "\x1b[1;35m";
const STRING: &str = "\x1b[32m";
const NUMBER: &str = "\x1b[36m";
const COMMENT: &str = "\x1b[2m";
const CLASS: &str = "\x1b[1;33m";
const COMMAND: &str = "\x1b[1;34m";
const RESET: &str = "\x1b[0m";

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "break", "class", "continue", "def", "del", "elif", "else",
    "except", "finally", "for", "from", "if", "import", "in", "is", "lambda", "not", "or", "pass", "raise", "return",
    "try", "while", "with", "yield",
];

fn paint(out: &mut String, colour: &str, text: &str) {
    out.push_str(colour);
    out.push_str(text);
    out.push_str(RESET);
}

/// `line` with colour codes around its tokens; `classes` are the mapped class
/// names. Borrowed unchanged when nothing is coloured.
pub fn highlight<'l>(line: &'l str, classes: &[String]) -> Cow<'l, str> {
    if line.trim_start().starts_with('.') {
        // a dot-command: the command word only (its argument is free text)
        let lead = line.len() - line.trim_start().len();
        let end = line[lead..].find(char::is_whitespace).map_or(line.len(), |i| lead + i);
        let mut out = String::with_capacity(line.len() + 16);
        out.push_str(&line[..lead]);
        paint(&mut out, COMMAND, &line[lead..end]);
        out.push_str(&line[end..]);
        return Cow::Owned(out);
    }
    let mut out = String::with_capacity(line.len() + 32);
    let mut coloured = false;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < line.len() {
        let c = line[i..].chars().next().unwrap_or(' ');
        let start = i;
        if c == '#' {
            paint(&mut out, COMMENT, &line[i..]);
            coloured = true;
            break;
        }
        if c == '"' || c == '\'' || (matches!(c, 'f' | 'r' | 'b' | 'F' | 'R' | 'B') && string_prefix(&line[i..]).is_some()) {
            let end = string_end(line, i);
            paint(&mut out, STRING, &line[start..end]);
            coloured = true;
            i = end;
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            let end = line[i..].find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '.' || ch == '_')).map_or(line.len(), |n| i + n);
            let preceded_by_name = line[..i].chars().next_back().is_some_and(|p| p.is_alphanumeric() || p == '_');
            if preceded_by_name {
                out.push_str(&line[start..end]);
            } else {
                paint(&mut out, NUMBER, &line[start..end]);
                coloured = true;
            }
            i = end;
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            let end = line[i..].find(|ch: char| !(ch.is_alphanumeric() || ch == '_')).map_or(line.len(), |n| i + n);
            let word = &line[start..end];
            let attribute = line[..i].ends_with('.');
            if !attribute && KEYWORDS.contains(&word) {
                paint(&mut out, KEYWORD, word);
                coloured = true;
            } else if !attribute && classes.iter().any(|k| k == word) {
                paint(&mut out, CLASS, word);
                coloured = true;
            } else {
                out.push_str(word);
            }
            i = end;
            continue;
        }
        out.push(c);
        i += c.len_utf8();
    }
    if coloured {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(line)
    }
}

/// The length of a string prefix (`f`, `rb` …) followed by a quote at the
/// start of `text`, if that is what it is.
fn string_prefix(text: &str) -> Option<usize> {
    let n = text.find(['"', '\'']).filter(|n| *n <= 2)?;
    text[..n].chars().all(|c| matches!(c.to_ascii_lowercase(), 'f' | 'r' | 'b' | 'u')).then_some(n)
}

/// Where the string literal starting at `start` (prefix included) ends: after
/// its closing quote, or at the end of the line when it is still open.
fn string_end(line: &str, start: usize) -> usize {
    let prefix = string_prefix(&line[start..]).unwrap_or(0);
    let q = start + prefix;
    let quote = &line[q..q + 1];
    let triple = line[q..].starts_with(&quote.repeat(3));
    let delim = if triple { quote.repeat(3) } else { quote.to_string() };
    let raw = line[start..q].to_ascii_lowercase().contains('r');
    let mut i = q + delim.len();
    while i < line.len() {
        if !raw && line[i..].starts_with('\\') {
            i += 1 + line[i + 1..].chars().next().map_or(0, char::len_utf8);
            continue;
        }
        if line[i..].starts_with(delim.as_str()) {
            return i + delim.len();
        }
        i += line[i..].chars().next().map_or(1, char::len_utf8);
    }
    line.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> String {
        let mut out = String::new();
        let mut in_escape = false;
        for c in text.chars() {
            match (in_escape, c) {
                (false, '\x1b') => in_escape = true,
                (true, 'm') => in_escape = false,
                (true, _) => {}
                (false, c) => out.push(c),
            }
        }
        out
    }

    #[test]
    fn tokens_get_their_colours_and_the_text_stays_the_same() {
        let classes = vec!["User".to_string()];
        let line = "for u in session.scalars(select(User).where(User.id > 10)):  # all";
        let shown = highlight(line, &classes);
        assert_eq!(plain(&shown), line);
        assert!(shown.contains(&format!("{KEYWORD}for{RESET}")));
        assert!(shown.contains(&format!("{KEYWORD}in{RESET}")));
        assert!(shown.contains(&format!("{CLASS}User{RESET}")));
        assert!(shown.contains(&format!("{NUMBER}10{RESET}")));
        assert!(shown.contains(&format!("{COMMENT}# all{RESET}")));
    }

    #[test]
    fn strings_open_or_closed_escaped_or_prefixed() {
        for line in ["x = 'it''s'", "x = \"open", "x = f'{a}' + rb'\\d'", "s = 'a\\'b' # c", "t = '''x''' 1"] {
            assert_eq!(plain(&highlight(line, &[])), line, "{line}");
        }
        assert!(highlight("x = 'a # b'", &[]).contains(&format!("{STRING}'a # b'{RESET}")), "a # inside a string is not a comment");
        assert!(highlight("x = f'{a}'", &[]).contains(&format!("{STRING}f'{{a}}'{RESET}")));
    }

    #[test]
    fn names_that_only_look_like_tokens_are_left_alone() {
        let classes = vec!["User".to_string()];
        assert!(matches!(highlight("x1 = user_2", &classes), Cow::Borrowed(_)));
        assert!(!highlight("u.User", &classes).contains(CLASS), "an attribute named like a class");
        assert!(!highlight("obj.in_", &[]).contains(KEYWORD));
        assert_eq!(plain(&highlight("é = 'ü' ∑ 3", &[])), "é = 'ü' ∑ 3");
    }

    #[test]
    fn dot_commands_colour_the_command_word() {
        assert_eq!(highlight(".schema User", &[]), format!("{COMMAND}.schema{RESET} User"));
    }
}
