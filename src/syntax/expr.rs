//! Expression parsing for the Python subset: conditional expressions, boolean
//! operators, chained comparisons, binary operators by precedence climbing,
//! unary operators and `**` (right-associative, binding tighter than a unary
//! minus on its left), primaries (attribute, subscript with slices, calls) and
//! atoms (literals with adjacent-string concatenation, displays,
//! comprehensions). Part of `parser::Parser`; mirrors Python 3.11's grammar.

use std::collections::HashSet;

use super::ast::{Arg, BinOp, BoolOp, CmpOp, Comprehension, Const, Expr, ExprKind, FStringPart, Name, Pos, UnaryOp};
use super::error::{unsupported, SynErr, SynResult};
use super::fstring::parse_fstring;
use super::lexer::{StrKind, Tok};
use super::parser::{is_keyword, Parser};
use super::targets::{check_target, TargetCtx};

fn expr(pos: Pos, kind: ExprKind) -> Expr {
    Expr { pos, kind }
}

fn boxed(e: Expr) -> Box<Expr> {
    Box::new(e)
}

/// Binary operators with their precedence (higher binds tighter).
fn binop_info(tok: &Tok) -> Option<(BinOp, u8)> {
    let Tok::Op(op) = tok else { return None };
    Some(match *op {
        "|" => (BinOp::BitOr, 1),
        "^" => (BinOp::BitXor, 2),
        "&" => (BinOp::BitAnd, 3),
        "<<" => (BinOp::LShift, 4),
        ">>" => (BinOp::RShift, 4),
        "+" => (BinOp::Add, 5),
        "-" => (BinOp::Sub, 5),
        "*" => (BinOp::Mult, 6),
        "/" => (BinOp::Div, 6),
        "//" => (BinOp::FloorDiv, 6),
        "%" => (BinOp::Mod, 6),
        "@" => (BinOp::MatMult, 6),
        _ => return None,
    })
}

impl Parser {
    /// Can the current token begin an expression?
    pub(crate) fn starts_expression(&self) -> bool {
        match self.tok() {
            Tok::Name(n) => !is_keyword(n) || matches!(&**n, "True" | "False" | "None" | "not" | "lambda" | "await" | "yield"),
            Tok::Int(_) | Tok::BigInt(_) | Tok::Float(_) | Tok::Str(_) => true,
            Tok::Op(op) => matches!(*op, "(" | "[" | "{" | "-" | "+" | "~" | "..."),
            _ => false,
        }
    }

    /// `a, *b, c` at statement level (a Tuple when there is a comma).
    pub(crate) fn star_expressions(&mut self) -> SynResult<Expr> {
        let first = self.star_expr()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let pos = first.pos;
        let mut elts = vec![first];
        while self.eat_op(",") {
            if !(self.starts_expression() || self.is_op("*")) {
                break;
            }
            elts.push(self.star_expr()?);
        }
        Ok(expr(pos, ExprKind::Tuple(elts)))
    }

    fn star_expr(&mut self) -> SynResult<Expr> {
        if self.is_op("*") {
            let pos = self.pos();
            self.advance();
            let value = self.bitor()?;
            return Ok(expr(pos, ExprKind::Starred(boxed(value))));
        }
        self.named_expr()
    }

    pub(crate) fn named_expr(&mut self) -> SynResult<Expr> {
        let e = self.ternary()?;
        if self.is_op(":=") {
            return Err(self.invalid_syntax());
        }
        Ok(e)
    }

    /// `body if test else orelse` (and everything below it).
    pub(crate) fn ternary(&mut self) -> SynResult<Expr> {
        self.enter()?;
        let result = self.ternary_inner();
        self.leave();
        result
    }

    fn ternary_inner(&mut self) -> SynResult<Expr> {
        if self.is_kw("lambda") {
            return self.lambda();
        }
        if self.is_kw("yield") {
            return Err(self.invalid_syntax());
        }
        let body = self.or_expr()?;
        if !self.is_kw("if") {
            return Ok(body);
        }
        self.advance();
        let test = self.or_expr()?;
        if !self.eat_kw("else") {
            return Err(self.error_at(body.pos, "expected 'else' after 'if' expression"));
        }
        let orelse = self.ternary()?;
        Ok(expr(body.pos, ExprKind::IfExp { test: boxed(test), body: boxed(body), orelse: boxed(orelse) }))
    }

    /// `lambda [name [= default], …]: body`. `*args`, `**kwargs` and
    /// keyword-only parameters are refused by name.
    fn lambda(&mut self) -> SynResult<Expr> {
        let pos = self.pos();
        self.advance();
        let mut params: Vec<(crate::syntax::ast::Name, Option<Expr>)> = Vec::new();
        while !self.is_op(":") {
            if self.is_op("*") || self.is_op("**") || self.is_op("/") {
                return Err(self.error_here(unsupported("'*', '**' and '/' in lambda parameters")));
            }
            let at = self.pos();
            let name = match self.tok() {
                Tok::Name(n) if !super::parser::is_keyword(n) => n.clone(),
                _ => return Err(self.invalid_syntax()),
            };
            self.advance();
            if params.iter().any(|(p, _)| *p == name) {
                return Err(self.error_at(at, format!("duplicate argument '{}' in function definition", name)));
            }
            let default = if self.eat_op("=") { Some(self.ternary()?) } else { None };
            if default.is_none() && params.iter().any(|(_, d)| d.is_some()) {
                return Err(self.error_at(at, "parameter without a default follows parameter with a default"));
            }
            params.push((name, default));
            if !self.eat_op(",") {
                break;
            }
        }
        if !self.eat_op(":") {
            return Err(self.invalid_syntax());
        }
        let body = self.ternary()?;
        Ok(expr(pos, ExprKind::Lambda { params, body: std::rc::Rc::new(body) }))
    }

    pub(crate) fn or_expr(&mut self) -> SynResult<Expr> {
        let first = self.and_expr()?;
        if !self.is_kw("or") {
            return Ok(first);
        }
        let pos = first.pos;
        let mut values = vec![first];
        while self.eat_kw("or") {
            values.push(self.and_expr()?);
        }
        Ok(expr(pos, ExprKind::BoolOp { op: BoolOp::Or, values }))
    }

    fn and_expr(&mut self) -> SynResult<Expr> {
        let first = self.not_expr()?;
        if !self.is_kw("and") {
            return Ok(first);
        }
        let pos = first.pos;
        let mut values = vec![first];
        while self.eat_kw("and") {
            values.push(self.not_expr()?);
        }
        Ok(expr(pos, ExprKind::BoolOp { op: BoolOp::And, values }))
    }

    fn not_expr(&mut self) -> SynResult<Expr> {
        let mut nots = Vec::new();
        while self.is_kw("not") {
            self.enter()?;
            nots.push(self.pos());
            self.advance();
        }
        let mut e = self.comparison()?;
        self.leave_n(nots.len());
        while let Some(pos) = nots.pop() {
            e = expr(pos, ExprKind::UnaryOp { op: UnaryOp::Not, operand: boxed(e) });
        }
        Ok(e)
    }

    fn comparison(&mut self) -> SynResult<Expr> {
        let left = self.bitor()?;
        let mut ops = Vec::new();
        loop {
            let op = match self.tok() {
                Tok::Op("==") => CmpOp::Eq,
                Tok::Op("!=") => CmpOp::NotEq,
                Tok::Op("<") => CmpOp::Lt,
                Tok::Op("<=") => CmpOp::LtE,
                Tok::Op(">") => CmpOp::Gt,
                Tok::Op(">=") => CmpOp::GtE,
                Tok::Name(n) if &**n == "in" => CmpOp::In,
                Tok::Name(n) if &**n == "not" && matches!(self.tok_at(1), Tok::Name(m) if &**m == "in") => {
                    self.advance();
                    CmpOp::NotIn
                }
                Tok::Name(n) if &**n == "is" => {
                    if matches!(self.tok_at(1), Tok::Name(m) if &**m == "not") {
                        self.advance();
                        CmpOp::IsNot
                    } else {
                        CmpOp::Is
                    }
                }
                _ => break,
            };
            self.advance();
            ops.push((op, self.bitor()?));
        }
        if ops.is_empty() {
            return Ok(left);
        }
        Ok(expr(left.pos, ExprKind::Compare { left: boxed(left), ops }))
    }

    /// Everything from `|` down (targets of `for`, `del`, `with ... as`).
    pub(crate) fn bitor(&mut self) -> SynResult<Expr> {
        self.binary(1)
    }

    fn binary(&mut self, min_prec: u8) -> SynResult<Expr> {
        let mut left = self.unary()?;
        let mut chain = 0;
        while let Some((op, prec)) = binop_info(self.tok()) {
            if prec < min_prec {
                break;
            }
            // A left-deep chain is as deep a tree as nesting is.
            self.enter()?;
            chain += 1;
            self.advance();
            let right = self.binary(prec + 1)?;
            left = expr(left.pos, ExprKind::BinOp { left: boxed(left), op, right: boxed(right) });
        }
        self.leave_n(chain);
        Ok(left)
    }

    fn unary(&mut self) -> SynResult<Expr> {
        let mut ops = Vec::new();
        loop {
            let op = match self.tok() {
                Tok::Op("-") => UnaryOp::Neg,
                Tok::Op("+") => UnaryOp::Pos,
                Tok::Op("~") => UnaryOp::Invert,
                _ => break,
            };
            self.enter()?;
            ops.push((op, self.pos()));
            self.advance();
        }
        let mut e = self.power()?;
        self.leave_n(ops.len());
        while let Some((op, pos)) = ops.pop() {
            e = expr(pos, ExprKind::UnaryOp { op, operand: boxed(e) });
        }
        Ok(e)
    }

    fn power(&mut self) -> SynResult<Expr> {
        let base = self.primary()?;
        if !self.eat_op("**") {
            return Ok(base);
        }
        self.enter()?;
        let exponent = self.unary();
        self.leave();
        let exponent = exponent?;
        Ok(expr(base.pos, ExprKind::BinOp { left: boxed(base), op: BinOp::Pow, right: boxed(exponent) }))
    }

    fn primary(&mut self) -> SynResult<Expr> {
        let mut e = self.atom()?;
        let mut chain = 0;
        loop {
            if matches!(self.tok(), Tok::Op("." | "(" | "[")) {
                self.enter()?;
                chain += 1;
            }
            if self.eat_op(".") {
                let attr = match self.tok() {
                    Tok::Name(n) if !is_keyword(n) => n.clone(),
                    _ => return Err(self.invalid_syntax()),
                };
                self.advance();
                e = expr(e.pos, ExprKind::Attribute { value: boxed(e), attr });
            } else if self.eat_op("(") {
                let args = self.call_args()?;
                e = expr(e.pos, ExprKind::Call { func: boxed(e), args });
            } else if self.eat_op("[") {
                let index = self.subscript()?;
                e = expr(e.pos, ExprKind::Subscript { value: boxed(e), index: boxed(index) });
            } else {
                self.leave_n(chain);
                return Ok(e);
            }
        }
    }

    /// After an element inside brackets: the error when neither `,` nor the closer follows.
    fn missing_comma(&self, element: Pos) -> SynErr {
        let keyword_next = matches!(self.tok(), Tok::Name(n) if is_keyword(n) && !matches!(&**n, "True" | "False" | "None"));
        if self.starts_expression() && !keyword_next {
            self.error_at(element, "invalid syntax. Perhaps you forgot a comma?")
        } else {
            self.invalid_syntax()
        }
    }

    fn expect_closer(&mut self, closer: &str, element: Pos) -> SynResult<()> {
        if self.eat_op(closer) {
            Ok(())
        } else {
            Err(self.missing_comma(element))
        }
    }

    /// Arguments after `(` up to and including `)`.
    fn call_args(&mut self) -> SynResult<Vec<Arg>> {
        let mut args = Vec::new();
        let mut seen_keyword = false;
        let mut seen_kw_unpack = false;
        let mut keywords: HashSet<Name> = HashSet::new();
        loop {
            if self.eat_op(")") {
                return Ok(args);
            }
            let pos = self.pos();
            if self.eat_op("*") {
                if seen_kw_unpack {
                    return Err(self.error_at(pos, "iterable argument unpacking follows keyword argument unpacking"));
                }
                args.push(Arg::Star(self.ternary()?));
            } else if self.eat_op("**") {
                seen_kw_unpack = true;
                args.push(Arg::StarStar(self.ternary()?));
            } else if let (Tok::Name(n), Tok::Op("=")) = (self.tok(), self.tok_at(1)) {
                let name = n.clone();
                if matches!(&*name, "True" | "False" | "None") {
                    return Err(self.error_here(format!("cannot assign to {name}")));
                }
                if is_keyword(&name) {
                    return Err(self.invalid_syntax());
                }
                self.advance();
                self.advance();
                if !keywords.insert(name.clone()) {
                    return Err(self.error_at(pos, format!("keyword argument repeated: {name}")));
                }
                seen_keyword = true;
                args.push(Arg::Keyword(name, self.ternary()?));
            } else {
                let mut value = self.named_expr()?;
                if self.is_kw("for") {
                    let generators = self.comprehension_clauses()?;
                    value = expr(value.pos, ExprKind::GeneratorExp { elt: boxed(value), generators });
                    if !(args.is_empty() && self.is_op(")")) {
                        return Err(self.error_at(value.pos, "Generator expression must be parenthesized"));
                    }
                }
                if self.is_op("=") {
                    return Err(self.error_at(value.pos, "expression cannot contain assignment, perhaps you meant \"==\"?"));
                }
                if seen_kw_unpack {
                    return Err(self.error_at(value.pos, "positional argument follows keyword argument unpacking"));
                }
                if seen_keyword {
                    return Err(self.error_at(value.pos, "positional argument follows keyword argument"));
                }
                args.push(Arg::Positional(value));
            }
            if !self.eat_op(",") {
                self.expect_closer(")", pos)?;
                return Ok(args);
            }
        }
    }

    /// The index after `[` up to and including `]`.
    fn subscript(&mut self) -> SynResult<Expr> {
        let first = self.slice_item()?;
        if !self.is_op(",") {
            self.expect_closer("]", first.pos)?;
            return Ok(first);
        }
        let pos = first.pos;
        let mut elts = vec![first];
        while self.eat_op(",") {
            if self.is_op("]") {
                break;
            }
            elts.push(self.slice_item()?);
        }
        self.expect_closer("]", pos)?;
        Ok(expr(pos, ExprKind::Tuple(elts)))
    }

    fn slice_item(&mut self) -> SynResult<Expr> {
        let pos = self.pos();
        let lower = if self.is_op(":") { None } else { Some(self.star_expr()?) };
        if !self.eat_op(":") {
            return lower.ok_or_else(|| self.invalid_syntax());
        }
        let ends_part = |p: &Parser| p.is_op(":") || p.is_op(",") || p.is_op("]");
        let upper = if ends_part(self) { None } else { Some(boxed(self.ternary()?)) };
        let mut step = None;
        if self.eat_op(":") && !(self.is_op(",") || self.is_op("]")) {
            step = Some(boxed(self.ternary()?));
        }
        Ok(expr(pos, ExprKind::Slice { lower: lower.map(boxed), upper, step }))
    }

    /// `for target in iter if cond ...` clauses (at least one).
    pub(crate) fn comprehension_clauses(&mut self) -> SynResult<Vec<Comprehension>> {
        let mut generators = Vec::new();
        while self.eat_kw("for") {
            let target = self.target_list()?;
            check_target(&target, TargetCtx::For)?;
            if !self.eat_kw("in") {
                return Err(self.invalid_syntax());
            }
            let iter = self.or_expr()?;
            let mut ifs = Vec::new();
            while self.eat_kw("if") {
                ifs.push(self.or_expr()?);
            }
            generators.push(Comprehension { target, iter, ifs });
            if self.is_kw("async") {
                return Err(self.error_here(unsupported("'async for'")));
            }
        }
        Ok(generators)
    }

    /// `a`, `a, b`, `a, *b` as the target of `for` (stops before `in`).
    pub(crate) fn target_list(&mut self) -> SynResult<Expr> {
        let first = self.target_elem()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let pos = first.pos;
        let mut elts = vec![first];
        while self.eat_op(",") {
            if !(self.starts_expression() || self.is_op("*")) {
                break;
            }
            elts.push(self.target_elem()?);
        }
        Ok(expr(pos, ExprKind::Tuple(elts)))
    }

    fn target_elem(&mut self) -> SynResult<Expr> {
        if self.is_op("*") {
            let pos = self.pos();
            self.advance();
            return Ok(expr(pos, ExprKind::Starred(boxed(self.bitor()?))));
        }
        self.bitor()
    }

    fn atom(&mut self) -> SynResult<Expr> {
        let pos = self.pos();
        let kind = match self.tok() {
            Tok::Name(n) => {
                let n = n.clone();
                let kind = match &*n {
                    "True" => ExprKind::Const(Const::True),
                    "False" => ExprKind::Const(Const::False),
                    "None" => ExprKind::Const(Const::None),
                    "await" => return Err(self.error_here(unsupported("'await'"))),
                    "yield" => return Err(self.error_here(unsupported("'yield'"))),
                    other if is_keyword(other) => return Err(self.invalid_syntax()),
                    _ => ExprKind::Name(n, Default::default()),
                };
                self.advance();
                kind
            }
            Tok::Int(v) => {
                let v = *v;
                self.advance();
                ExprKind::Const(Const::Int(v))
            }
            Tok::BigInt(digits) => {
                let digits = digits.clone();
                self.advance();
                ExprKind::Const(Const::BigInt(digits))
            }
            Tok::Float(v) => {
                let v = *v;
                self.advance();
                ExprKind::Const(Const::Float(v))
            }
            Tok::Str(_) => return self.strings(),
            Tok::Op("...") => {
                self.advance();
                ExprKind::Const(Const::Ellipsis)
            }
            Tok::Op("(") => return self.paren(),
            Tok::Op("[") => return self.list_display(),
            Tok::Op("{") => return self.brace_display(),
            _ => return Err(self.invalid_syntax()),
        };
        Ok(expr(pos, kind))
    }

    /// Adjacent string literals, concatenated (one FString if any is an f-string).
    fn strings(&mut self) -> SynResult<Expr> {
        let pos = self.pos();
        let mut text = String::new();
        let mut bytes: Vec<u8> = Vec::new();
        let mut parts: Vec<FStringPart> = Vec::new();
        let mut any_fstring = false;
        let mut is_bytes = None;
        while let Tok::Str(lit) = self.tok() {
            let lit = lit.clone();
            let this_is_bytes = lit.kind == StrKind::Bytes;
            if *is_bytes.get_or_insert(this_is_bytes) != this_is_bytes {
                return Err(self.error_here("cannot mix bytes and nonbytes literals"));
            }
            self.advance();
            match lit.kind {
                StrKind::Bytes => bytes.extend_from_slice(&lit.bytes),
                StrKind::Str => push_literal(&mut parts, &lit.text, &mut text, any_fstring),
                StrKind::FString => {
                    if !any_fstring {
                        any_fstring = true;
                        if !text.is_empty() {
                            parts.push(FStringPart::Literal(std::mem::take(&mut text)));
                        }
                    }
                    for part in parse_fstring(&lit, self.depth())? {
                        match part {
                            FStringPart::Literal(s) => push_literal(&mut parts, &s, &mut text, true),
                            field => parts.push(field),
                        }
                    }
                }
            }
        }
        let kind = if is_bytes == Some(true) {
            ExprKind::Const(Const::Bytes(bytes))
        } else if any_fstring {
            ExprKind::FString(parts)
        } else {
            ExprKind::Const(Const::Str(text))
        };
        Ok(expr(pos, kind))
    }

    fn paren(&mut self) -> SynResult<Expr> {
        let pos = self.pos();
        self.advance();
        if self.eat_op(")") {
            return Ok(expr(pos, ExprKind::Tuple(Vec::new())));
        }
        if self.is_kw("yield") {
            return Err(self.error_here(unsupported("'yield'")));
        }
        let first = self.star_expr()?;
        if self.is_kw("for") {
            if let ExprKind::Starred(_) = first.kind {
                return Err(self.error_at(first.pos, "iterable unpacking cannot be used in comprehension"));
            }
            let generators = self.comprehension_clauses()?;
            self.expect_closer(")", first.pos)?;
            return Ok(expr(pos, ExprKind::GeneratorExp { elt: boxed(first), generators }));
        }
        if !self.is_op(",") {
            self.expect_closer(")", first.pos)?;
            if let ExprKind::Starred(_) = first.kind {
                return Err(self.error_at(first.pos, "cannot use starred expression here"));
            }
            return Ok(first);
        }
        let elts = self.rest_of_elements(first, ")")?;
        Ok(expr(pos, ExprKind::Tuple(elts)))
    }

    /// `first, e2, e3 [,]` then the closer.
    fn rest_of_elements(&mut self, first: Expr, closer: &str) -> SynResult<Vec<Expr>> {
        let mut last_pos = first.pos;
        let mut elts = vec![first];
        while self.eat_op(",") {
            if self.is_op(closer) {
                break;
            }
            let e = self.star_expr()?;
            last_pos = e.pos;
            elts.push(e);
        }
        self.expect_closer(closer, last_pos)?;
        Ok(elts)
    }

    fn list_display(&mut self) -> SynResult<Expr> {
        let pos = self.pos();
        self.advance();
        if self.eat_op("]") {
            return Ok(expr(pos, ExprKind::List(Vec::new())));
        }
        let first = self.star_expr()?;
        if self.is_kw("for") {
            if let ExprKind::Starred(_) = first.kind {
                return Err(self.error_at(first.pos, "iterable unpacking cannot be used in comprehension"));
            }
            let generators = self.comprehension_clauses()?;
            self.expect_closer("]", first.pos)?;
            return Ok(expr(pos, ExprKind::ListComp { elt: boxed(first), generators }));
        }
        let elts = self.rest_of_elements(first, "]")?;
        Ok(expr(pos, ExprKind::List(elts)))
    }

    fn brace_display(&mut self) -> SynResult<Expr> {
        let pos = self.pos();
        self.advance();
        if self.eat_op("}") {
            return Ok(expr(pos, ExprKind::Dict(Vec::new())));
        }
        if self.eat_op("**") {
            let spread = self.bitor()?;
            return self.dict_rest(pos, vec![(None, spread)]);
        }
        let first = self.star_expr()?;
        let starred = matches!(first.kind, ExprKind::Starred(_));
        if !starred && self.eat_op(":") {
            let value = self.ternary()?;
            if self.is_kw("for") {
                let generators = self.comprehension_clauses()?;
                self.expect_closer("}", value.pos)?;
                return Ok(expr(pos, ExprKind::DictComp { key: boxed(first), value: boxed(value), generators }));
            }
            return self.dict_rest(pos, vec![(Some(first), value)]);
        }
        if self.is_kw("for") {
            if starred {
                return Err(self.error_at(first.pos, "iterable unpacking cannot be used in comprehension"));
            }
            let generators = self.comprehension_clauses()?;
            self.expect_closer("}", first.pos)?;
            return Ok(expr(pos, ExprKind::SetComp { elt: boxed(first), generators }));
        }
        let elts = self.rest_of_elements(first, "}")?;
        Ok(expr(pos, ExprKind::Set(elts)))
    }

    fn dict_rest(&mut self, pos: Pos, mut items: Vec<(Option<Expr>, Expr)>) -> SynResult<Expr> {
        let mut last_pos = pos;
        while self.eat_op(",") {
            if self.is_op("}") {
                break;
            }
            if self.eat_op("**") {
                let spread = self.bitor()?;
                last_pos = spread.pos;
                items.push((None, spread));
                continue;
            }
            let key = self.ternary()?;
            if !self.eat_op(":") {
                return Err(self.error_here("':' expected after dictionary key"));
            }
            let value = self.ternary()?;
            last_pos = value.pos;
            items.push((Some(key), value));
        }
        self.expect_closer("}", last_pos)?;
        Ok(expr(pos, ExprKind::Dict(items)))
    }
}

/// Append literal text: to the plain buffer, or merged into the last f-string literal part.
fn push_literal(parts: &mut Vec<FStringPart>, s: &str, text: &mut String, in_fstring: bool) {
    if !in_fstring {
        text.push_str(s);
        return;
    }
    if let Some(FStringPart::Literal(last)) = parts.last_mut() {
        last.push_str(s);
    } else if !s.is_empty() {
        parts.push(FStringPart::Literal(s.to_string()));
    }
}
