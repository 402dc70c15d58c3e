//! Recursive-descent parser for ormsh's Python subset: statements here,
//! expressions in `expr`, assignment-target rules in `targets`. Builds
//! `ast::Module` from the tokens of `lexer`, with Python 3.11's SyntaxError
//! wording. Also answers the REPL's "is this input finished?" question
//! ([`check_complete`], the rules of Python's `codeop`). Called by the shell
//! (REPL, script runner) and by the interpreter for `.read`.

use super::ast::{Alias, ExceptHandler, Expr, ExprKind, Module, Name, Pos, Stmt, StmtKind, WithItem};
use super::error::{unsupported, SynErr, SynResult};
use super::lexer::{tokenize, tokenize_field, Tok, Token};
use super::targets::{check_aug_target, check_target, TargetCtx};
use crate::exc::Result;

/// Whether typed REPL input is ready to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Completeness {
    /// A whole statement (or several): run it.
    Complete,
    /// Valid so far but unfinished: read another line.
    Incomplete,
    /// Can never become valid: run it to show the SyntaxError.
    Invalid,
}

/// Parse a whole script or REPL chunk.
pub fn parse_module(src: &str) -> Result<Module> {
    // CPython refuses a NUL anywhere in the source, before tokenizing
    if let Some(at) = src.find('\0') {
        let line = src[..at].matches('\n').count() as u32 + 1;
        let col = (at - src[..at].rfind('\n').map(|i| i + 1).unwrap_or(0)) as u32 + 1;
        return Err(SynErr::new("source code cannot contain null bytes", line, col).into_error());
    }
    parse_internal(src).map_err(SynErr::into_error)
}

/// Python REPL rules. Input is the lines typed so far, each ended by `\n`; an
/// empty (whitespace-only) last line ends an indented block.
pub fn check_complete(src: &str) -> Completeness {
    let blank_last_line = {
        let body = src.strip_suffix('\n').unwrap_or(src);
        body.contains('\n') && body.rsplit('\n').next().is_some_and(|l| l.trim().is_empty())
    };
    let tokens = match tokenize(src) {
        Ok(t) => t,
        Err(e) if e.at_eof => return Completeness::Incomplete,
        Err(_) => return Completeness::Invalid,
    };
    let ends_inside_block = tokens.len() >= 2 && matches!(tokens[tokens.len() - 2].tok, Tok::Dedent);
    let mut parser = Parser::new(tokens, 0);
    match parser.module() {
        Err(e) if e.at_eof && !blank_last_line => Completeness::Incomplete,
        // a block header as the last line of a nested block (`for …:` / `    if x:`):
        // the parser stops at the dedent that closes the outer block, not at the end
        Err(e) if !blank_last_line && e.message.starts_with("expected an indented block") => Completeness::Incomplete,
        Err(_) => Completeness::Invalid,
        Ok(_) if ends_inside_block && !blank_last_line => Completeness::Incomplete,
        Ok(_) => Completeness::Complete,
    }
}

pub(crate) fn parse_internal(src: &str) -> SynResult<Module> {
    let tokens = tokenize(src)?;
    let body = Parser::new(tokens, 0).module()?;
    Ok(Module { body })
}

/// Parse the expression of an f-string field (Python wraps it in parentheses).
pub(crate) fn parse_field_expr(text: &str, line: u32, col: u32, depth: u32) -> SynResult<Expr> {
    let prefix = |mut e: SynErr| {
        if !e.message.starts_with("f-string") {
            e.message = format!("f-string: {}", e.message);
        }
        e
    };
    let tokens = tokenize_field(text, line, col).map_err(prefix)?;
    let mut parser = Parser::new(tokens, depth);
    let value = parser.star_expressions().map_err(prefix)?;
    if let ExprKind::Starred(_) = value.kind {
        return Err(prefix(SynErr::new("can't use starred expression here", value.pos.line, value.pos.col)));
    }
    if !matches!(parser.tok(), Tok::End) {
        return Err(prefix(parser.invalid_syntax()));
    }
    Ok(value)
}

/// Python's reserved words (soft keywords excluded).
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
    "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
    "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

pub(crate) fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// How deep an expression tree may get (brackets alone are capped at 200 by the
/// lexer). Bounds the parser's recursion and keeps every later tree walk (drop,
/// evaluation) within the stack.
const MAX_DEPTH: u32 = 500;

pub(crate) struct Parser {
    toks: Vec<Token>,
    i: usize,
    depth: u32,
    loop_depth: u32,
}

impl Parser {
    fn new(mut toks: Vec<Token>, depth: u32) -> Parser {
        // The lexer always ends with End; keep that invariant for `token()`.
        if !matches!(toks.last().map(|t| &t.tok), Some(Tok::End)) {
            toks.push(Token { tok: Tok::End, line: 1, col: 1 });
        }
        Parser { toks, i: 0, depth, loop_depth: 0 }
    }

    // ---- token helpers -------------------------------------------------------

    pub(crate) fn token(&self) -> &Token {
        // The token list always ends with End and `advance` never moves past it.
        &self.toks[self.i.min(self.toks.len() - 1)]
    }
    pub(crate) fn tok(&self) -> &Tok {
        &self.token().tok
    }
    pub(crate) fn tok_at(&self, n: usize) -> &Tok {
        &self.toks[(self.i + n).min(self.toks.len() - 1)].tok
    }
    pub(crate) fn pos(&self) -> Pos {
        let t = self.token();
        Pos { line: t.line, col: t.col }
    }
    pub(crate) fn advance(&mut self) {
        if self.i + 1 < self.toks.len() {
            self.i += 1;
        }
    }
    pub(crate) fn is_op(&self, op: &str) -> bool {
        matches!(self.tok(), Tok::Op(o) if *o == op)
    }
    pub(crate) fn is_kw(&self, kw: &str) -> bool {
        matches!(self.tok(), Tok::Name(n) if &**n == kw)
    }
    pub(crate) fn eat_op(&mut self, op: &str) -> bool {
        let hit = self.is_op(op);
        if hit {
            self.advance();
        }
        hit
    }
    pub(crate) fn eat_kw(&mut self, kw: &str) -> bool {
        let hit = self.is_kw(kw);
        if hit {
            self.advance();
        }
        hit
    }
    pub(crate) fn save(&self) -> (usize, u32) {
        (self.i, self.depth)
    }
    pub(crate) fn restore(&mut self, saved: (usize, u32)) {
        self.i = saved.0;
        self.depth = saved.1;
    }

    /// An error at the current token (flagged end-of-input when it is the end).
    pub(crate) fn error_here(&self, msg: impl Into<String>) -> SynErr {
        let t = self.token();
        let mut e = SynErr::new(msg, t.line, t.col);
        e.at_eof = matches!(t.tok, Tok::End);
        e
    }
    pub(crate) fn error_at(&self, pos: Pos, msg: impl Into<String>) -> SynErr {
        SynErr::new(msg, pos.line, pos.col)
    }

    /// "invalid syntax" at the current token, or a precise message for
    /// constructs ormsh leaves out.
    pub(crate) fn invalid_syntax(&self) -> SynErr {
        match self.tok() {
            Tok::Op(":=") => self.error_here(unsupported("the ':=' operator")),
            Tok::Name(n) if matches!(&**n, "lambda" | "yield" | "await" | "async" | "def" | "class") => {
                self.error_here(unsupported(&format!("'{n}'")))
            }
            Tok::Indent => self.error_here("unexpected indent"),
            _ => self.error_here("invalid syntax"),
        }
    }
    pub(crate) fn expect_op(&mut self, op: &str) -> SynResult<()> {
        if self.eat_op(op) {
            Ok(())
        } else {
            Err(self.invalid_syntax())
        }
    }
    fn expect_colon(&mut self) -> SynResult<()> {
        if self.eat_op(":") {
            Ok(())
        } else if self.is_op(":=") {
            Err(self.invalid_syntax())
        } else {
            Err(self.error_here("expected ':'"))
        }
    }
    /// A plain (non-keyword) name.
    fn expect_name(&mut self) -> SynResult<Name> {
        match self.tok() {
            Tok::Name(n) if !is_keyword(n) => {
                let n = n.clone();
                self.advance();
                Ok(n)
            }
            _ => Err(self.invalid_syntax()),
        }
    }

    /// Track recursion so deeply nested input is an error, not a stack overflow.
    pub(crate) fn enter(&mut self) -> SynResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_here("expression too deeply nested"));
        }
        Ok(())
    }
    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
    pub(crate) fn leave_n(&mut self, n: usize) {
        self.depth = self.depth.saturating_sub(n as u32);
    }
    pub(crate) fn depth(&self) -> u32 {
        self.depth
    }

    // ---- statements ----------------------------------------------------------

    fn module(&mut self) -> SynResult<Vec<Stmt>> {
        let mut body = Vec::new();
        while !matches!(self.tok(), Tok::End) {
            if matches!(self.tok(), Tok::Dedent | Tok::Newline) {
                self.advance();
                continue;
            }
            self.statement_into(&mut body)?;
        }
        Ok(body)
    }

    fn statement_into(&mut self, out: &mut Vec<Stmt>) -> SynResult<()> {
        let pos = self.pos();
        let name = match self.tok() {
            Tok::Name(n) => Some(n.clone()),
            _ => None,
        };
        match (self.tok(), name) {
            (Tok::Indent, _) => Err(self.error_here("unexpected indent")),
            (Tok::DotCommand(text), _) => {
                let text = text.clone();
                self.advance();
                self.eat_newline();
                out.push(Stmt { pos, kind: StmtKind::DotCommand(text) });
                Ok(())
            }
            (Tok::Op("@"), _) => Err(self.error_here("decorators are not supported in ormsh scripts")),
            (_, Some(n)) => match &*n {
                "if" => self.if_stmt().map(|s| out.push(s)),
                "for" => self.for_stmt().map(|s| out.push(s)),
                "while" => self.while_stmt().map(|s| out.push(s)),
                "with" => self.with_stmt().map(|s| out.push(s)),
                "try" => self.try_stmt().map(|s| out.push(s)),
                "def" | "class" | "async" | "global" | "nonlocal" => {
                    Err(self.error_here(unsupported(&format!("'{n}'"))))
                }
                "match" | "case" if self.looks_like_soft_keyword_block() => {
                    Err(self.error_here(unsupported(&format!("the '{n}' statement"))))
                }
                _ => self.simple_stmts(out),
            },
            _ => self.simple_stmts(out),
        }
    }

    fn eat_newline(&mut self) {
        if matches!(self.tok(), Tok::Newline) {
            self.advance();
        }
    }

    /// `match x:` / `case y:` (soft keywords): a name or literal follows and the line ends with ':'.
    fn looks_like_soft_keyword_block(&self) -> bool {
        let follows = matches!(self.tok_at(1), Tok::Name(n) if !is_keyword(n))
            || matches!(self.tok_at(1), Tok::Int(_) | Tok::Float(_) | Tok::Str(_) | Tok::BigInt(_));
        if !follows {
            return false;
        }
        let mut n = 1;
        loop {
            match self.tok_at(n) {
                Tok::Newline | Tok::End => return matches!(self.tok_at(n - 1), Tok::Op(":")),
                _ => n += 1,
            }
        }
    }

    /// `stmt; stmt; ... NEWLINE`
    fn simple_stmts(&mut self, out: &mut Vec<Stmt>) -> SynResult<()> {
        loop {
            let stmt = self.simple_stmt()?;
            let is_print = matches!(&stmt.kind, StmtKind::Expr(Expr { kind: ExprKind::Name(n, _), .. }) if &**n == "print");
            out.push(stmt);
            if self.eat_op(";") {
                if matches!(self.tok(), Tok::Newline | Tok::End) {
                    break;
                }
                continue;
            }
            if !matches!(self.tok(), Tok::Newline | Tok::End) {
                if is_print && self.starts_expression() {
                    let pos = out.last().map(|s| s.pos).unwrap_or(self.pos());
                    return Err(self.error_at(pos, "Missing parentheses in call to 'print'. Did you mean print(...)?"));
                }
                return Err(self.invalid_syntax());
            }
            break;
        }
        self.eat_newline();
        Ok(())
    }

    fn at_simple_stmt_end(&self) -> bool {
        matches!(self.tok(), Tok::Newline | Tok::End | Tok::Op(";"))
    }

    fn simple_stmt(&mut self) -> SynResult<Stmt> {
        let pos = self.pos();
        let keyword = match self.tok() {
            Tok::Name(n) => Some(n.clone()),
            _ => None,
        };
        let kind = match keyword.as_deref() {
            Some("pass") => {
                self.advance();
                StmtKind::Pass
            }
            Some("break") => {
                if self.loop_depth == 0 {
                    return Err(self.error_here("'break' outside loop"));
                }
                self.advance();
                StmtKind::Break
            }
            Some("continue") => {
                if self.loop_depth == 0 {
                    return Err(self.error_here("'continue' not properly in loop"));
                }
                self.advance();
                StmtKind::Continue
            }
            Some("return") => return Err(self.error_here("'return' outside function")),
            Some("yield") => return Err(self.error_here(unsupported("'yield'"))),
            Some("global" | "nonlocal" | "def" | "class" | "async") => return Err(self.invalid_syntax()),
            Some("del") => self.del_stmt()?,
            Some("assert") => {
                self.advance();
                let test = self.ternary()?;
                let msg = if self.eat_op(",") { Some(self.ternary()?) } else { None };
                StmtKind::Assert { test, msg }
            }
            Some("raise") => {
                self.advance();
                if self.at_simple_stmt_end() {
                    StmtKind::Raise { exc: None, cause: None }
                } else {
                    let exc = self.ternary()?;
                    let cause = if self.eat_kw("from") { Some(self.ternary()?) } else { None };
                    StmtKind::Raise { exc: Some(exc), cause }
                }
            }
            Some("import") => self.import_stmt()?,
            Some("from") => self.import_from_stmt()?,
            _ => self.expr_or_assign()?,
        };
        Ok(Stmt { pos, kind })
    }

    fn del_stmt(&mut self) -> SynResult<StmtKind> {
        self.advance();
        let mut targets = Vec::new();
        loop {
            let target = self.bitor()?;
            check_target(&target, TargetCtx::Del)?;
            flatten_del_target(target, &mut targets);
            if !self.eat_op(",") || self.at_simple_stmt_end() {
                break;
            }
        }
        Ok(StmtKind::Del { targets })
    }

    fn dotted_name(&mut self) -> SynResult<String> {
        let mut name = self.expect_name()?.to_string();
        while self.eat_op(".") {
            name.push('.');
            name.push_str(&self.expect_name()?);
        }
        Ok(name)
    }

    fn import_stmt(&mut self) -> SynResult<StmtKind> {
        self.advance();
        let mut names = Vec::new();
        loop {
            let name = self.dotted_name()?;
            let asname = if self.eat_kw("as") { Some(self.expect_name()?) } else { None };
            names.push(Alias { name, asname });
            if !self.eat_op(",") {
                break;
            }
        }
        Ok(StmtKind::Import { names })
    }

    fn import_from_stmt(&mut self) -> SynResult<StmtKind> {
        self.advance();
        if self.is_op(".") || self.is_op("...") {
            return Err(self.error_here("relative imports are not supported in ormsh scripts"));
        }
        let module = self.dotted_name()?;
        if !self.eat_kw("import") {
            return Err(self.invalid_syntax());
        }
        if self.eat_op("*") {
            return Ok(StmtKind::ImportFrom { module, names: vec![Alias { name: "*".into(), asname: None }] });
        }
        let parenthesized = self.eat_op("(");
        let mut names = Vec::new();
        loop {
            let name = self.expect_name()?.to_string();
            let asname = if self.eat_kw("as") { Some(self.expect_name()?) } else { None };
            names.push(Alias { name, asname });
            if !self.eat_op(",") {
                break;
            }
            if parenthesized && self.is_op(")") {
                break;
            }
            if !parenthesized && self.at_simple_stmt_end() {
                return Err(self.error_here("trailing comma not allowed without surrounding parentheses"));
            }
        }
        if parenthesized {
            self.expect_op(")")?;
        }
        Ok(StmtKind::ImportFrom { module, names })
    }

    fn expr_or_assign(&mut self) -> SynResult<StmtKind> {
        let first = self.star_expressions()?;
        if self.is_op(":") {
            let what = match &first.kind {
                ExprKind::Name(..) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => None,
                ExprKind::Tuple(_) => Some("only single target (not tuple) can be annotated"),
                ExprKind::List(_) => Some("only single target (not list) can be annotated"),
                _ => Some("illegal target for annotation"),
            };
            if let Some(msg) = what {
                return Err(self.error_at(first.pos, msg));
            }
            self.advance();
            let _annotation = self.ternary()?;
            if self.eat_op("=") {
                let value = self.star_expressions()?;
                return Ok(StmtKind::Assign { targets: vec![first], value });
            }
            return Ok(StmtKind::Pass);
        }
        if let Tok::Op(op) = self.tok() {
            if let Some(binop) = aug_op(op) {
                check_aug_target(&first)?;
                self.advance();
                let value = self.star_expressions()?;
                no_bare_starred(&value)?;
                return Ok(StmtKind::AugAssign { target: first, op: binop, value });
            }
        }
        if self.is_op("=") {
            let mut targets = vec![first];
            let value = loop {
                self.advance();
                let rhs = self.star_expressions()?;
                if !self.is_op("=") {
                    break rhs;
                }
                targets.push(rhs);
            };
            // Python suggests '==' only for a single `target = value`.
            let ctx = if targets.len() == 1 { TargetCtx::Assign } else { TargetCtx::ChainedAssign };
            for target in &targets {
                check_target(target, ctx)?;
            }
            no_bare_starred(&value)?;
            return Ok(StmtKind::Assign { targets, value });
        }
        no_bare_starred(&first)?;
        Ok(StmtKind::Expr(first))
    }

    /// The body after a compound statement's `:` (indented block or one-line body).
    fn block(&mut self, what: &str, line: u32) -> SynResult<Vec<Stmt>> {
        let mut body = Vec::new();
        if matches!(self.tok(), Tok::Newline) {
            self.advance();
            if !matches!(self.tok(), Tok::Indent) {
                return Err(self.error_here(format!("expected an indented block after {what} on line {line}")));
            }
            self.advance();
            while !matches!(self.tok(), Tok::Dedent | Tok::End) {
                self.statement_into(&mut body)?;
            }
            if matches!(self.tok(), Tok::Dedent) {
                self.advance();
            }
        } else {
            if let Tok::Name(n) = self.tok() {
                if matches!(&**n, "if" | "for" | "while" | "with" | "try") {
                    return Err(self.invalid_syntax());
                }
            }
            if matches!(self.tok(), Tok::End) {
                return Err(self.error_here(format!("expected an indented block after {what} on line {line}")));
            }
            self.simple_stmts(&mut body)?;
        }
        Ok(body)
    }

    fn if_stmt(&mut self) -> SynResult<Stmt> {
        let mut branches = Vec::new();
        let mut keyword = "if";
        loop {
            let pos = self.pos();
            self.advance();
            let test = self.named_expr()?;
            self.expect_colon()?;
            let body = self.block(&format!("'{keyword}' statement"), pos.line)?;
            branches.push((pos, test, body));
            if self.is_kw("elif") {
                keyword = "elif";
                continue;
            }
            break;
        }
        let mut orelse = Vec::new();
        if self.is_kw("else") {
            let line = self.pos().line;
            self.advance();
            self.expect_colon()?;
            orelse = self.block("'else' statement", line)?;
        }
        let mut result = None;
        while let Some((pos, test, body)) = branches.pop() {
            let stmt = Stmt { pos, kind: StmtKind::If { test, body, orelse } };
            orelse = Vec::new();
            if branches.is_empty() {
                result = Some(stmt);
            } else {
                orelse.push(stmt);
            }
        }
        result.ok_or_else(|| self.invalid_syntax())
    }

    fn loop_body(&mut self, what: &str, line: u32) -> SynResult<Vec<Stmt>> {
        self.loop_depth += 1;
        let body = self.block(what, line);
        self.loop_depth -= 1;
        body
    }

    fn loop_else(&mut self) -> SynResult<Vec<Stmt>> {
        if !self.is_kw("else") {
            return Ok(Vec::new());
        }
        let line = self.pos().line;
        self.advance();
        self.expect_colon()?;
        self.block("'else' statement", line)
    }

    fn for_stmt(&mut self) -> SynResult<Stmt> {
        let pos = self.pos();
        self.advance();
        if self.is_op("*") || self.starts_expression() {
            let target = self.target_list()?;
            check_target(&target, TargetCtx::For)?;
            if !self.eat_kw("in") {
                return Err(self.invalid_syntax());
            }
            let iter = self.star_expressions()?;
            self.expect_colon()?;
            let body = self.loop_body("'for' statement", pos.line)?;
            let orelse = self.loop_else()?;
            return Ok(Stmt { pos, kind: StmtKind::For { target, iter, body, orelse } });
        }
        Err(self.invalid_syntax())
    }

    fn while_stmt(&mut self) -> SynResult<Stmt> {
        let pos = self.pos();
        self.advance();
        let test = self.named_expr()?;
        self.expect_colon()?;
        let body = self.loop_body("'while' statement", pos.line)?;
        let orelse = self.loop_else()?;
        Ok(Stmt { pos, kind: StmtKind::While { test, body, orelse } })
    }

    fn with_stmt(&mut self) -> SynResult<Stmt> {
        let pos = self.pos();
        self.advance();
        let mut items = None;
        if self.is_op("(") {
            let saved = self.save();
            match self.parenthesized_with_items() {
                Ok(found) if self.is_op(":") => items = Some(found),
                _ => self.restore(saved),
            }
        }
        let items = match items {
            Some(items) => items,
            None => {
                let mut items = vec![self.with_item()?];
                while self.eat_op(",") {
                    items.push(self.with_item()?);
                }
                items
            }
        };
        self.expect_colon()?;
        let body = self.block("'with' statement", pos.line)?;
        Ok(Stmt { pos, kind: StmtKind::With { items, body } })
    }

    fn parenthesized_with_items(&mut self) -> SynResult<Vec<WithItem>> {
        self.expect_op("(")?;
        let mut items = Vec::new();
        loop {
            items.push(self.with_item()?);
            if !self.eat_op(",") || self.is_op(")") {
                break;
            }
        }
        self.expect_op(")")?;
        Ok(items)
    }

    fn with_item(&mut self) -> SynResult<WithItem> {
        let context = self.ternary()?;
        let target = if self.eat_kw("as") {
            let target = self.bitor()?;
            check_target(&target, TargetCtx::With)?;
            Some(target)
        } else {
            None
        };
        Ok(WithItem { context, target })
    }

    fn try_stmt(&mut self) -> SynResult<Stmt> {
        let pos = self.pos();
        self.advance();
        self.expect_colon()?;
        let body = self.block("'try' statement", pos.line)?;
        let mut handlers: Vec<ExceptHandler> = Vec::new();
        while self.is_kw("except") {
            let hpos = self.pos();
            if let Some(bare) = handlers.last().filter(|h| h.type_.is_none()) {
                return Err(self.error_at(bare.pos, "default 'except:' must be last"));
            }
            self.advance();
            if self.is_op("*") {
                return Err(self.error_here(unsupported("'except*'")));
            }
            let mut type_ = None;
            let mut name = None;
            if !self.is_op(":") {
                let t = self.ternary()?;
                if self.is_op(",") {
                    return Err(self.error_at(t.pos, "multiple exception types must be parenthesized"));
                }
                type_ = Some(t);
                if self.eat_kw("as") {
                    name = Some(self.expect_name()?);
                }
            }
            self.expect_colon()?;
            let hbody = self.block("'except' statement", hpos.line)?;
            handlers.push(ExceptHandler { pos: hpos, type_, name, body: hbody });
        }
        let mut orelse = Vec::new();
        if !handlers.is_empty() && self.is_kw("else") {
            let line = self.pos().line;
            self.advance();
            self.expect_colon()?;
            orelse = self.block("'else' statement", line)?;
        }
        let mut finalbody = Vec::new();
        let has_finally = self.is_kw("finally");
        if has_finally {
            let line = self.pos().line;
            self.advance();
            self.expect_colon()?;
            finalbody = self.block("'finally' statement", line)?;
        }
        if handlers.is_empty() && !has_finally {
            return Err(self.error_here("expected 'except' or 'finally' block"));
        }
        Ok(Stmt { pos, kind: StmtKind::Try { body, handlers, orelse, finalbody } })
    }
}

/// `del (a, b)` is `del a, b`: the interpreter only ever sees single targets.
fn flatten_del_target(target: Expr, out: &mut Vec<Expr>) {
    match target.kind {
        ExprKind::Tuple(elts) | ExprKind::List(elts) => {
            for e in elts {
                flatten_del_target(e, out);
            }
        }
        _ => out.push(target),
    }
}

fn no_bare_starred(e: &Expr) -> SynResult<()> {
    if let ExprKind::Starred(_) = e.kind {
        return Err(SynErr::new("can't use starred expression here", e.pos.line, e.pos.col));
    }
    Ok(())
}

fn aug_op(op: &str) -> Option<super::ast::BinOp> {
    use super::ast::BinOp::*;
    Some(match op {
        "+=" => Add,
        "-=" => Sub,
        "*=" => Mult,
        "/=" => Div,
        "//=" => FloorDiv,
        "%=" => Mod,
        "**=" => Pow,
        "@=" => MatMult,
        "<<=" => LShift,
        ">>=" => RShift,
        "|=" => BitOr,
        "^=" => BitXor,
        "&=" => BitAnd,
        _ => return None,
    })
}
