//! A transcript as one self-contained HTML page (`--transcript FILE.html`):
//! the prose as paragraphs, each statement's code, then its output with SQL,
//! errors and the five lifecycle states coloured as the table format colours
//! them at a terminal, and a legend of the states. No script, no external file.
use super::doc::{Doc, Segment};

const STATES: [(&str, &str); 5] = [
    ("transient", "#6b7280"),
    ("pending", "#b45309"),
    ("persistent", "#15803d"),
    ("deleted", "#b91c1c"),
    ("detached", "#7c3aed"),
];

const SQL_STARTS: [&str; 12] =
    ["SELECT", "INSERT", "UPDATE", "DELETE", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "CREATE", "WITH", "EXPLAIN"];

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// One output line, escaped, with its class and the state names coloured.
fn output_line(line: &str) -> String {
    let trimmed = line.trim_start();
    let class = if SQL_STARTS.iter().any(|k| trimmed.starts_with(k)) || trimmed.starts_with("[generated") {
        "sql"
    } else if trimmed.contains("Error:") || trimmed.starts_with('⚠') || trimmed.starts_with("✗") {
        "err"
    } else if trimmed.contains(" → ") {
        "ev"
    } else {
        "out"
    };
    let mut text = escape(line);
    if class == "ev" {
        for (state, _) in STATES {
            text = color_word(&text, state);
        }
    }
    format!("<span class=\"{}\">{}</span>", class, text)
}

/// `word` as a whole word wrapped in its state's span.
fn color_word(text: &str, word: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(word) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + word.len()..].chars().next();
        let bound = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '_');
        out.push_str(&rest[..i]);
        if bound(before) && bound(after) {
            out.push_str(&format!("<b class=\"st-{}\">{}</b>", word, word));
        } else {
            out.push_str(word);
        }
        rest = &rest[i + word.len()..];
    }
    out.push_str(rest);
    out
}

fn prose(text: &str) -> String {
    let mut out = String::new();
    for para in text.split("\n\n") {
        let lines: Vec<&str> = para.lines().filter(|l| !l.trim_start().starts_with("<!--") && !l.trim().is_empty()).collect();
        if !lines.is_empty() {
            out.push_str(&format!("<p>{}</p>\n", escape(&lines.join("\n"))));
        }
    }
    out
}

/// The page for `doc`; `title` heads it.
pub fn page(doc: &Doc, title: &str) -> String {
    let mut css = String::from(
        "body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}\
         pre{margin:.3rem 0;padding:.5rem .75rem;border-radius:4px;overflow-x:auto;font:13px/1.4 ui-monospace,monospace}\
         pre.in{background:#eef2ff;border-left:4px solid #6366f1}pre.in::before{content:attr(data-line);float:right;color:#9ca3af}\
         pre.out{background:#f9fafb;border-left:4px solid #d1d5db;white-space:pre-wrap}\
         .sql{color:#1d4ed8}.err{color:#b91c1c;font-weight:600}.ev{color:#374151}\
         .legend b{margin-right:.8rem}header{color:#6b7280;font-size:13px}\n",
    );
    for (state, color) in STATES {
        css.push_str(&format!(".st-{}{{color:{};font-weight:700}}\n", state, color));
    }
    let header = doc.header();
    let mut body = format!("<h1>{}</h1>\n<header>", escape(title));
    for (k, v) in &header.fields {
        body.push_str(&format!("{}: <code>{}</code> · ", escape(k), escape(v)));
    }
    body.push_str("replay: <code>ormsh check</code> on the Markdown transcript</header>\n<p class=\"legend\">states: ");
    for (state, _) in STATES {
        body.push_str(&format!("<b class=\"st-{0}\">{0}</b>", state));
    }
    body.push_str("</p>\n");
    for (i, s) in doc.segments.iter().enumerate() {
        match s {
            Segment::Text(t) if i > 0 => body.push_str(&prose(t)),
            Segment::Text(_) => {}
            Segment::Setup(o) | Segment::Output(o) => {
                if o.is_empty() {
                    continue;
                }
                body.push_str("<pre class=\"out\">");
                let lines: Vec<String> = o.lines().map(output_line).collect();
                body.push_str(&lines.join("\n"));
                body.push_str("</pre>\n");
            }
            Segment::Input { line, code } => {
                body.push_str(&format!("<pre class=\"in\" data-line=\"line {}\">{}</pre>\n", line, escape(code)));
            }
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>\n{}</style></head>\n<body>\n{}</body></html>\n",
        escape(title),
        css,
        body
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_are_coloured_only_as_whole_words_in_event_lines() {
        assert_eq!(
            output_line("User#1 (u)  transient → pending"),
            "<span class=\"ev\">User#1 (u)  <b class=\"st-transient\">transient</b> → <b class=\"st-pending\">pending</b></span>"
        );
        assert_eq!(output_line("pendingx → y"), "<span class=\"ev\">pendingx → y</span>");
        assert_eq!(output_line("SELECT a < b"), "<span class=\"sql\">SELECT a &lt; b</span>");
        assert_eq!(output_line("print('pending')"), "<span class=\"out\">print('pending')</span>");
    }
}
