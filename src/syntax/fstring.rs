//! f-string bodies (Python 3.11 rules): splits the undecoded body of an f-string
//! token into literal pieces and `{expr!conv:spec}` fields, with `{{`/`}}`,
//! nested fields inside the format spec and the `{x=}` debug form. Each field's
//! expression is tokenized and parsed on its own by `parser::parse_field_expr`.
//! Called by the parser when it meets an f-string literal.

use super::ast::FStringPart;
use super::error::{SynErr, SynResult};
use super::lexer::StrLit;
use super::strings::decode_str;

/// Python 3.11 allows a field inside a format spec, but no deeper.
const MAX_SPEC_NESTING: u32 = 2;

/// Split an f-string literal into parts; `depth` is the parser's nesting so far.
pub(crate) fn parse_fstring(lit: &StrLit, depth: u32) -> SynResult<Vec<FStringPart>> {
    let mut scanner = Scanner {
        chars: lit.text.chars().collect(),
        i: 0,
        line: lit.body_line,
        col: lit.body_col,
        raw: lit.raw,
        depth,
    };
    let parts = scanner.parts(0)?;
    Ok(parts)
}

struct Scanner {
    chars: Vec<char>,
    i: usize,
    line: u32,
    col: u32,
    raw: bool,
    depth: u32,
}

impl Scanner {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }
    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.i + n).copied()
    }
    fn bump(&mut self) {
        if self.peek() == Some('\n') {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        self.i += 1;
    }
    fn err(&self, msg: &str) -> SynErr {
        SynErr::new(msg, self.line, self.col)
    }

    /// Literal pieces and fields up to the end of the body (`nesting == 0`) or up
    /// to the `}` that closes the field whose format spec this is (not consumed).
    fn parts(&mut self, nesting: u32) -> SynResult<Vec<FStringPart>> {
        let mut parts = Vec::new();
        let mut literal: Vec<char> = Vec::new();
        while let Some(c) = self.peek() {
            match c {
                '{' if self.peek_at(1) == Some('{') && nesting == 0 => {
                    literal.push('{');
                    self.bump();
                    self.bump();
                }
                '{' => {
                    self.flush(&mut literal, &mut parts)?;
                    self.bump();
                    parts.push(self.field(nesting)?);
                }
                '}' if nesting > 0 => break,
                '}' if self.peek_at(1) == Some('}') => {
                    literal.push('}');
                    self.bump();
                    self.bump();
                }
                '}' => return Err(self.err("f-string: single '}' is not allowed")),
                '\\' if !self.raw => {
                    literal.push('\\');
                    self.bump();
                    if let Some(next) = self.peek().filter(|n| *n != '{' && *n != '}') {
                        literal.push(next);
                        self.bump();
                    }
                }
                _ => {
                    literal.push(c);
                    self.bump();
                }
            }
        }
        self.flush(&mut literal, &mut parts)?;
        Ok(parts)
    }

    fn flush(&self, literal: &mut Vec<char>, parts: &mut Vec<FStringPart>) -> SynResult<()> {
        if literal.is_empty() {
            return Ok(());
        }
        let text = if self.raw {
            literal.iter().collect()
        } else {
            decode_str(literal).map_err(|m| SynErr::new(m, self.line, self.col))?
        };
        literal.clear();
        parts.push(FStringPart::Literal(text));
        Ok(())
    }

    /// One field; the opening `{` is consumed.
    fn field(&mut self, nesting: u32) -> SynResult<FStringPart> {
        if nesting >= MAX_SPEC_NESTING {
            return Err(self.err("f-string: expressions nested too deeply"));
        }
        let (line, col) = (self.line, self.col);
        let start = self.i;
        let mut stack: Vec<char> = Vec::new();
        let mut debug = false;
        loop {
            let Some(c) = self.peek() else {
                return Err(self.err("f-string: expecting '}'"));
            };
            match c {
                '\\' => return Err(self.err("f-string expression part cannot include a backslash")),
                '#' => return Err(self.err("f-string expression part cannot include '#'")),
                '\'' | '"' => self.skip_string(c)?,
                '(' | '[' | '{' => {
                    stack.push(c);
                    self.bump();
                }
                ')' | ']' | '}' if !stack.is_empty() => {
                    stack.pop();
                    self.bump();
                }
                '}' => break,
                ')' | ']' => return Err(self.err(&format!("f-string: unmatched '{c}'"))),
                '!' if stack.is_empty() && self.peek_at(1) != Some('=') => break,
                ':' if stack.is_empty() => break,
                '=' | '!' | '<' | '>' if self.peek_at(1) == Some('=') => {
                    self.bump();
                    self.bump();
                }
                '=' if stack.is_empty() => {
                    debug = true;
                    break;
                }
                _ => self.bump(),
            }
        }
        let expr_text: String = self.chars[start..self.i].iter().collect();
        if expr_text.trim().is_empty() {
            return Err(self.err("f-string: empty expression not allowed"));
        }
        let mut debug_text = None;
        if debug {
            self.bump();
            while self.peek().is_some_and(char::is_whitespace) {
                self.bump();
            }
            debug_text = Some(self.chars[start..self.i].iter().collect::<String>());
        }
        let mut conversion = None;
        if self.peek() == Some('!') {
            self.bump();
            match (self.peek(), self.peek_at(1)) {
                (Some(conv @ ('s' | 'r' | 'a')), Some(':' | '}')) => {
                    conversion = Some(conv);
                    self.bump();
                }
                _ => return Err(self.err("f-string: invalid conversion character: expected 's', 'r', or 'a'")),
            }
        }
        let mut format_spec = Vec::new();
        if self.peek() == Some(':') {
            self.bump();
            format_spec = self.parts(nesting + 1)?;
        }
        if self.peek() != Some('}') {
            return Err(self.err("f-string: expecting '}'"));
        }
        self.bump();
        if debug_text.is_some() && conversion.is_none() && format_spec.is_empty() {
            conversion = Some('r');
        }
        let value = super::parser::parse_field_expr(&expr_text, line, col, self.depth)?;
        Ok(FStringPart::Field { value: Box::new(value), conversion, format_spec, debug_text })
    }

    /// Skip a string literal inside a field expression (quote at `self.i`).
    fn skip_string(&mut self, quote: char) -> SynResult<()> {
        let triple = self.peek_at(1) == Some(quote) && self.peek_at(2) == Some(quote);
        let width = if triple { 3 } else { 1 };
        for _ in 0..width {
            self.bump();
        }
        loop {
            match self.peek() {
                None => return Err(self.err("f-string: unterminated string")),
                Some(c) if c == quote => {
                    if !triple || (self.peek_at(1) == Some(quote) && self.peek_at(2) == Some(quote)) {
                        for _ in 0..width {
                            self.bump();
                        }
                        return Ok(());
                    }
                    self.bump();
                }
                Some(_) => self.bump(),
            }
        }
    }
}
