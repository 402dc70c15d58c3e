//! Tokenizer for ormsh's Python subset, mirroring CPython's `tokenize`: names,
//! numbers, strings (every prefix; escapes decoded here except in f-strings, whose
//! bodies `fstring` splits later), operators, and the layout tokens NEWLINE,
//! INDENT and DEDENT computed from indentation outside brackets. A line whose
//! first non-blank character is `.` becomes one DOTCOMMAND token (ormsh's shell
//! commands). Called by `parser`; errors carry Python 3.11's wording.

use super::ast::Name;
use super::error::{unsupported, SynErr, SynResult};
use super::strings::{decode_bytes, decode_str, to_decimal};

/// Python refuses more than 200 open brackets (tokenizer MAXLEVEL).
const MAX_BRACKETS: usize = 200;
/// Python refuses more than 100 indentation levels (tokenizer MAXINDENT).
const MAX_INDENTS: usize = 100;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    /// Identifiers and keywords alike; the parser tells them apart.
    Name(Name),
    Int(i64),
    BigInt(String),
    Float(f64),
    Str(Box<StrLit>),
    Op(&'static str),
    Newline,
    Indent,
    Dedent,
    DotCommand(String),
    End,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StrKind {
    Str,
    Bytes,
    FString,
}

/// One string literal token. For f-strings `text` is the undecoded body.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct StrLit {
    pub kind: StrKind,
    pub text: String,
    pub bytes: Vec<u8>,
    pub raw: bool,
    /// Where the body starts (after prefix and quotes), for f-string field positions.
    pub body_line: u32,
    pub body_col: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub line: u32,
    pub col: u32,
}

/// Longest-first operator spellings.
const OPERATORS: &[&str] = &[
    "**=", "//=", ">>=", "<<=", "...", "!=", "==", "<=", ">=", "**", "//", "<<", ">>", "->", ":=", "+=",
    "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "+", "-", "*", "/", "%", "@", "&", "|", "^", "~",
    "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "=",
];

pub(crate) struct Lexer {
    src: Vec<char>,
    i: usize,
    line: u32,
    /// Index in `src` where the current line starts.
    line_start: usize,
    indents: Vec<usize>,
    brackets: Vec<(char, u32, u32)>,
    tokens: Vec<Token>,
    /// Lexing an f-string field: newlines never count and there is no indentation.
    field_mode: bool,
    col_offset: u32,
}

/// Tokenize a whole module.
pub(crate) fn tokenize(src: &str) -> SynResult<Vec<Token>> {
    Lexer::new(src, 1, 1, false).run()
}

/// Tokenize the expression of an f-string field that starts at (line, col).
pub(crate) fn tokenize_field(src: &str, line: u32, col: u32) -> SynResult<Vec<Token>> {
    Lexer::new(src, line, col, true).run()
}

impl Lexer {
    fn new(src: &str, line: u32, col: u32, field_mode: bool) -> Lexer {
        let text: Vec<char> = if src.contains('\r') {
            src.replace("\r\n", "\n").replace('\r', "\n").chars().collect()
        } else {
            src.chars().collect()
        };
        Lexer {
            src: text,
            i: 0,
            line,
            line_start: 0,
            indents: vec![0],
            brackets: Vec::new(),
            tokens: Vec::new(),
            field_mode,
            col_offset: col.saturating_sub(1),
        }
    }

    fn peek(&self) -> Option<char> {
        self.src.get(self.i).copied()
    }
    fn peek_at(&self, n: usize) -> Option<char> {
        self.src.get(self.i + n).copied()
    }
    /// 1-based column of index `i` on the current line.
    fn col_of(&self, i: usize) -> u32 {
        let base = if self.line_start == 0 { self.col_offset } else { 0 };
        (i - self.line_start) as u32 + 1 + base
    }
    fn col(&self) -> u32 {
        self.col_of(self.i)
    }
    fn err(&self, msg: impl Into<String>, col: u32) -> SynErr {
        SynErr::new(msg, self.line, col)
    }
    fn push(&mut self, tok: Tok, line: u32, col: u32) {
        self.tokens.push(Token { tok, line, col });
    }
    fn newline_consumed(&mut self) {
        self.line += 1;
        self.line_start = self.i;
    }
    fn last_is_layout(&self) -> bool {
        matches!(self.tokens.last().map(|t| &t.tok), None | Some(Tok::Newline | Tok::Indent | Tok::Dedent))
    }

    fn run(mut self) -> SynResult<Vec<Token>> {
        let mut at_line_start = !self.field_mode;
        loop {
            if at_line_start && self.brackets.is_empty() {
                at_line_start = false;
                if !self.line_start_layout()? {
                    at_line_start = true;
                    continue;
                }
                if self.i >= self.src.len() {
                    break;
                }
            }
            while matches!(self.peek(), Some(' ' | '\t' | '\x0c')) {
                self.i += 1;
            }
            let Some(c) = self.peek() else { break };
            let (line, col) = (self.line, self.col());
            match c {
                '#' => {
                    if self.field_mode {
                        return Err(self.err("f-string expression part cannot include '#'", col));
                    }
                    while !matches!(self.peek(), None | Some('\n')) {
                        self.i += 1;
                    }
                }
                '\n' => {
                    self.i += 1;
                    if self.brackets.is_empty() && !self.field_mode {
                        if !self.last_is_layout() {
                            self.push(Tok::Newline, line, col);
                        }
                        self.newline_consumed();
                        at_line_start = true;
                    } else {
                        self.newline_consumed();
                    }
                }
                '\\' => match self.peek_at(1) {
                    Some('\n') => {
                        self.i += 2;
                        self.newline_consumed();
                    }
                    None => return Err(SynErr::eof("unexpected EOF while parsing", line, col + 1)),
                    Some(_) => {
                        return Err(self.err("unexpected character after line continuation character", col + 1))
                    }
                },
                c if c.is_ascii_digit() || (c == '.' && self.peek_at(1).is_some_and(|d| d.is_ascii_digit())) => {
                    let tok = self.number()?;
                    self.push(tok, line, col);
                }
                '"' | '\'' => self.string(false, false, false, line, col)?,
                c if is_ident_start(c) => self.name_or_prefixed_string(line, col)?,
                _ => self.operator(line, col)?,
            }
        }
        if let Some(&(open, bline, bcol)) = self.brackets.last() {
            if !self.field_mode {
                return Err(SynErr::eof(format!("'{open}' was never closed"), bline, bcol));
            }
        }
        let (line, col) = (self.line, self.col());
        if !self.field_mode {
            if !self.last_is_layout() {
                self.push(Tok::Newline, line, col);
            }
            for _ in 1..self.indents.len() {
                self.push(Tok::Dedent, line, col);
            }
        }
        self.push(Tok::End, line, col);
        Ok(self.tokens)
    }

    /// Handle indentation at the start of a line. Returns false when the line was
    /// blank or a comment (consumed), true when tokens follow on it.
    fn line_start_layout(&mut self) -> SynResult<bool> {
        let mut width = 0usize;
        while let Some(c) = self.peek() {
            match c {
                ' ' => width += 1,
                '\t' => width = (width / 8 + 1) * 8,
                '\x0c' => width = 0,
                _ => break,
            }
            self.i += 1;
        }
        match self.peek() {
            None => return Ok(true),
            Some('#') => {
                while !matches!(self.peek(), None | Some('\n')) {
                    self.i += 1;
                }
                self.skip_newline();
                return Ok(false);
            }
            Some('\n') => {
                self.skip_newline();
                return Ok(false);
            }
            _ => {}
        }
        let (line, col) = (self.line, self.col());
        let current = self.indents.last().copied().unwrap_or(0);
        if width > current {
            if self.indents.len() > MAX_INDENTS {
                return Err(self.err("too many levels of indentation", col));
            }
            self.indents.push(width);
            self.push(Tok::Indent, line, col);
        } else {
            while self.indents.last().is_some_and(|&w| w > width) {
                self.indents.pop();
                self.push(Tok::Dedent, line, col);
            }
            if self.indents.last().copied().unwrap_or(0) != width {
                return Err(self.err("unindent does not match any outer indentation level", col));
            }
        }
        if self.peek() == Some('.') {
            let start = self.i + 1;
            while !matches!(self.peek(), None | Some('\n')) {
                self.i += 1;
            }
            let text: String = self.src[start..self.i].iter().collect();
            self.push(Tok::DotCommand(text.trim().to_string()), line, col);
            let end_col = self.col();
            self.push(Tok::Newline, line, end_col);
            self.skip_newline();
            return Ok(false);
        }
        Ok(true)
    }

    fn skip_newline(&mut self) {
        if self.peek() == Some('\n') {
            self.i += 1;
            self.newline_consumed();
        }
    }

    fn operator(&mut self, line: u32, col: u32) -> SynResult<()> {
        let first = self.peek().unwrap_or(' ');
        let Some(op) = OPERATORS.iter().copied().find(|op| {
            op.as_bytes().first().is_some_and(|&b| b as char == first)
                && op.chars().enumerate().skip(1).all(|(n, ch)| self.peek_at(n) == Some(ch))
        }) else {
            let c = self.peek().unwrap_or(' ');
            let msg = if c.is_ascii() || c.is_whitespace() {
                "invalid syntax".to_string()
            } else {
                format!("invalid character '{c}' (U+{:04X})", c as u32)
            };
            return Err(self.err(msg, col));
        };
        match op {
            "(" | "[" | "{" => {
                if self.brackets.len() >= MAX_BRACKETS {
                    return Err(self.err("too many nested parentheses", col));
                }
                self.brackets.push((op.chars().next().unwrap_or('('), line, col));
            }
            ")" | "]" | "}" => {
                let close = op.chars().next().unwrap_or(')');
                match self.brackets.pop() {
                    None => return Err(self.err(format!("unmatched '{close}'"), col)),
                    Some((open, oline, _)) => {
                        let expected = match open {
                            '(' => ')',
                            '[' => ']',
                            _ => '}',
                        };
                        if expected != close {
                            let mut msg = format!(
                                "closing parenthesis '{close}' does not match opening parenthesis '{open}'"
                            );
                            if oline != line {
                                msg.push_str(&format!(" on line {oline}"));
                            }
                            return Err(self.err(msg, col));
                        }
                    }
                }
            }
            _ => {}
        }
        self.i += op.len();
        self.push(Tok::Op(op), line, col);
        Ok(())
    }

    fn name_or_prefixed_string(&mut self, line: u32, col: u32) -> SynResult<()> {
        let start = self.i;
        while self.peek().is_some_and(is_ident_char) {
            self.i += 1;
        }
        if matches!(self.peek(), Some('"' | '\'')) && self.i - start <= 2 {
            let prefix: String = self.src[start..self.i].iter().collect::<String>().to_ascii_lowercase();
            let flags = match prefix.as_str() {
                "r" => Some((true, false, false)),
                "u" => Some((false, false, false)),
                "b" => Some((false, true, false)),
                "br" | "rb" => Some((true, true, false)),
                "f" => Some((false, false, true)),
                "fr" | "rf" => Some((true, false, true)),
                _ => None,
            };
            if let Some((raw, bytes, fstr)) = flags {
                return self.string(raw, bytes, fstr, line, col);
            }
        }
        let name: String = self.src[start..self.i].iter().collect();
        self.push(Tok::Name(Name::from(name)), line, col);
        Ok(())
    }

    /// A string literal whose opening quote is at `self.i`.
    fn string(&mut self, raw: bool, bytes: bool, fstr: bool, line: u32, col: u32) -> SynResult<()> {
        let quote = self.peek().unwrap_or('"');
        let triple = self.peek_at(1) == Some(quote) && self.peek_at(2) == Some(quote);
        self.i += if triple { 3 } else { 1 };
        let (body_line, body_col) = (self.line, self.col());
        let body_start = self.i;
        loop {
            let Some(c) = self.peek() else {
                // Python counts the last line that has characters on it.
                let last_line = if self.src.last() == Some(&'\n') { self.line.saturating_sub(1) } else { self.line };
                return Err(if triple {
                    SynErr::eof(
                        format!("unterminated triple-quoted string literal (detected at line {last_line})"),
                        line,
                        col,
                    )
                } else {
                    SynErr::new(format!("unterminated string literal (detected at line {})", self.line), line, col)
                });
            };
            match c {
                '\\' => {
                    self.i += 1;
                    if self.peek() == Some('\n') {
                        self.i += 1;
                        self.newline_consumed();
                    } else if self.peek().is_some() {
                        self.i += 1;
                    }
                }
                '\n' if !triple => {
                    return Err(SynErr::new(
                        format!("unterminated string literal (detected at line {})", self.line),
                        line,
                        col,
                    ))
                }
                '\n' => {
                    self.i += 1;
                    self.newline_consumed();
                }
                c if c == quote => {
                    if !triple {
                        break;
                    }
                    if self.peek_at(1) == Some(quote) && self.peek_at(2) == Some(quote) {
                        break;
                    }
                    self.i += 1;
                }
                _ => self.i += 1,
            }
        }
        let body_end = self.i;
        self.i += if triple { 3 } else { 1 };
        let body = &self.src[body_start..body_end];
        let mut lit = StrLit {
            kind: StrKind::Str,
            text: String::new(),
            bytes: Vec::new(),
            raw,
            body_line,
            body_col,
        };
        let fail = |msg: String| SynErr::new(msg, line, col);
        if fstr {
            lit.kind = StrKind::FString;
            lit.text = body.iter().collect();
        } else if bytes {
            lit.kind = StrKind::Bytes;
            if body.iter().any(|c| !c.is_ascii()) {
                return Err(fail("bytes can only contain ASCII literal characters".into()));
            }
            lit.bytes = if raw { body.iter().map(|&c| c as u32 as u8).collect() } else { decode_bytes(body).map_err(fail)? };
        } else {
            lit.text = if raw { body.iter().collect() } else { decode_str(body).map_err(fail)? };
        }
        self.push(Tok::Str(Box::new(lit)), line, col);
        Ok(())
    }

    fn number(&mut self) -> SynResult<Tok> {
        let start_col = self.col();
        if self.peek() == Some('0') {
            let radix = match self.peek_at(1) {
                Some('x' | 'X') => Some((16, "hexadecimal")),
                Some('o' | 'O') => Some((8, "octal")),
                Some('b' | 'B') => Some((2, "binary")),
                _ => None,
            };
            if let Some((radix, what)) = radix {
                self.i += 2;
                let bad = |lx: &Lexer| lx.err(format!("invalid {what} literal"), start_col + 1);
                let digits = self.digits(radix).ok_or_else(|| bad(self))?;
                if let Some(d) = self.peek().filter(|c| c.is_ascii_digit()) {
                    return Err(self.err(format!("invalid digit '{d}' in {what} literal"), self.col()));
                }
                if digits.is_empty() || (self.peek().is_some_and(is_ident_char) && !self.keyword_follows()) {
                    return Err(bad(self));
                }
                return Ok(match i64::from_str_radix(&digits, radix) {
                    Ok(v) => Tok::Int(v),
                    Err(_) => Tok::BigInt(to_decimal(&digits, radix)),
                });
            }
        }
        let invalid = |lx: &Lexer| lx.err("invalid decimal literal", start_col);
        let int_part = self.digits(10).ok_or_else(|| invalid(self))?;
        let mut is_float = false;
        let mut text = int_part.clone();
        if self.peek() == Some('.') {
            is_float = true;
            self.i += 1;
            text.push('.');
            text.push_str(&self.digits(10).ok_or_else(|| invalid(self))?);
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let sign = usize::from(matches!(self.peek_at(1), Some('+' | '-')));
            if self.peek_at(1 + sign).is_some_and(|c| c.is_ascii_digit()) {
                is_float = true;
                text.push('e');
                if sign == 1 {
                    text.push(self.peek_at(1).unwrap_or('+'));
                }
                self.i += 1 + sign;
                text.push_str(&self.digits(10).ok_or_else(|| invalid(self))?);
            }
        }
        if matches!(self.peek(), Some('j' | 'J')) {
            return Err(self.err(unsupported("imaginary number literal"), start_col));
        }
        if self.peek().is_some_and(is_ident_char) && !self.keyword_follows() {
            return Err(invalid(self));
        }
        if is_float {
            let t = if text.starts_with('.') { format!("0{text}") } else { text };
            return t.parse::<f64>().map(Tok::Float).map_err(|_| invalid(self));
        }
        if int_part.len() > 1 && int_part.starts_with('0') {
            if int_part.chars().all(|c| c == '0') {
                return Ok(Tok::Int(0));
            }
            return Err(SynErr::new(
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                self.line,
                start_col,
            ));
        }
        Ok(match int_part.parse::<i64>() {
            Ok(v) => Tok::Int(v),
            Err(_) => Tok::BigInt(int_part),
        })
    }

    /// Python accepts `1if x else 2`: a keyword may follow a number directly.
    fn keyword_follows(&self) -> bool {
        ["and", "else", "for", "if", "in", "is", "not", "or"]
            .iter()
            .any(|kw| kw.chars().enumerate().all(|(n, ch)| self.peek_at(n) == Some(ch)))
    }

    /// Digits of `radix` with single underscores between them; None when an
    /// underscore is misplaced.
    fn digits(&mut self, radix: u32) -> Option<String> {
        let mut out = String::new();
        loop {
            match self.peek() {
                Some(c) if c.is_digit(radix) => {
                    out.push(c);
                    self.i += 1;
                }
                Some('_') => {
                    let next_ok = self.peek_at(1).is_some_and(|c| c.is_digit(radix));
                    if !next_ok || (out.is_empty() && radix == 10) {
                        return None;
                    }
                    self.i += 1;
                }
                _ => return Some(out),
            }
        }
    }
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Tok> {
        tokenize(src).unwrap().into_iter().map(|t| t.tok).collect()
    }

    fn name(s: &str) -> Tok {
        Tok::Name(Name::from(s))
    }

    #[test]
    fn layout_tokens() {
        let toks = kinds("if x:\n    y\n\n  # c\nz\n");
        assert_eq!(
            toks,
            vec![
                name("if"),
                name("x"),
                Tok::Op(":"),
                Tok::Newline,
                Tok::Indent,
                name("y"),
                Tok::Newline,
                Tok::Dedent,
                name("z"),
                Tok::Newline,
                Tok::End
            ]
        );
    }

    #[test]
    fn brackets_join_lines_and_backslash_continues() {
        assert_eq!(kinds("(a,\n b)").len(), 7);
        assert_eq!(kinds("a = \\\n  1"), vec![name("a"), Tok::Op("="), Tok::Int(1), Tok::Newline, Tok::End]);
    }

    #[test]
    fn numbers() {
        assert_eq!(kinds("0x_ff 0o17 0b101 1_000 9223372036854775808")[..5].to_vec(), vec![
            Tok::Int(255),
            Tok::Int(15),
            Tok::Int(5),
            Tok::Int(1000),
            Tok::BigInt("9223372036854775808".into())
        ]);
        assert_eq!(kinds("1.5 1e3 .5 1_000.0 1. 2E-2")[..6].to_vec(), vec![
            Tok::Float(1.5),
            Tok::Float(1000.0),
            Tok::Float(0.5),
            Tok::Float(1000.0),
            Tok::Float(1.0),
            Tok::Float(0.02)
        ]);
        assert_eq!(kinds("00")[0], Tok::Int(0));
    }

    #[test]
    fn positions() {
        let toks = tokenize("x = 1\n  \nif y:\n\tz").unwrap();
        let at: Vec<(u32, u32)> = toks.iter().map(|t| (t.line, t.col)).collect();
        assert_eq!(at[0], (1, 1));
        assert_eq!(at[2], (1, 5));
        assert_eq!(at[4], (3, 1));
        assert_eq!(at[8], (4, 2)); // z after a tab
    }

    #[test]
    fn string_prefixes() {
        let toks = kinds(r#"r'\n' b"a\x00" Rb'\x' f"{x}" u'é' '''a
b'''"#);
        let lits: Vec<StrLit> = toks.into_iter().filter_map(|t| if let Tok::Str(s) = t { Some(*s) } else { None }).collect();
        assert_eq!(lits[0].text, "\\n");
        assert_eq!(lits[1].bytes, b"a\x00".to_vec());
        assert_eq!(lits[2].bytes, b"\\x".to_vec());
        assert_eq!(lits[3].kind, StrKind::FString);
        assert_eq!(lits[3].text, "{x}");
        assert_eq!(lits[4].text, "é");
        assert_eq!(lits[5].text, "a\nb");
    }

    #[test]
    fn dot_commands_take_the_whole_line() {
        assert_eq!(kinds(".schema  User # x\n.5\n"), vec![
            Tok::DotCommand("schema  User # x".into()),
            Tok::Newline,
            Tok::DotCommand("5".into()),
            Tok::Newline,
            Tok::End
        ]);
    }

    #[test]
    fn crlf_is_a_newline() {
        assert_eq!(kinds("a\r\nb\r\n"), vec![name("a"), Tok::Newline, name("b"), Tok::Newline, Tok::End]);
    }
}
