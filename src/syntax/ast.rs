//! The abstract syntax tree of ormsh's Python subset (SPEC §3). The parser
//! (`syntax::parser`) builds it; the interpreter (`interp`) walks it.
//!
//! Shapes follow Python's own `ast` module so that reading one explains the other.
//! Positions are 1-based line and column (column counted in characters).

use std::rc::Rc;

/// A name as written in source. Shared so the interpreter can key maps cheaply.
pub type Name = Rc<str>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub pos: Pos,
    pub kind: StmtKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// An expression evaluated for its value (shown when not None at top level).
    Expr(Expr),
    /// `a = b = value`: every target receives the value, left to right.
    Assign { targets: Vec<Expr>, value: Expr },
    /// `target op= value`
    AugAssign { target: Expr, op: BinOp, value: Expr },
    /// `x: int = 1` is accepted as plain assignment when a value is given.
    If { test: Expr, body: Vec<Stmt>, orelse: Vec<Stmt> },
    For { target: Expr, iter: Expr, body: Vec<Stmt>, orelse: Vec<Stmt> },
    While { test: Expr, body: Vec<Stmt>, orelse: Vec<Stmt> },
    Break,
    Continue,
    Pass,
    With { items: Vec<WithItem>, body: Vec<Stmt> },
    Try { body: Vec<Stmt>, handlers: Vec<ExceptHandler>, orelse: Vec<Stmt>, finalbody: Vec<Stmt> },
    /// `raise`, `raise E`, `raise E from C`
    Raise { exc: Option<Expr>, cause: Option<Expr> },
    Assert { test: Expr, msg: Option<Expr> },
    Del { targets: Vec<Expr> },
    /// `import a.b as c, d`
    Import { names: Vec<Alias> },
    /// `from a.b import c as d, e` (`*` is a name `*`)
    ImportFrom { module: String, names: Vec<Alias> },
    /// A line starting with `.`: a shell dot-command, text after the dot, verbatim.
    DotCommand(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct WithItem {
    pub context: Expr,
    pub target: Option<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExceptHandler {
    pub pos: Pos,
    /// `except:` has none; `except (A, B):` is a Tuple expression.
    pub type_: Option<Expr>,
    pub name: Option<Name>,
    pub body: Vec<Stmt>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Alias {
    /// Dotted name as written (`sqlalchemy.orm`).
    pub name: String,
    pub asname: Option<Name>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub pos: Pos,
    pub kind: ExprKind,
}

/// Where the interpreter found a name last time: (generation of its
/// globals table, index in it). Filled by the interpreter on the first
/// lookup, so a loop body resolves its names once (`interp::eval`); never
/// part of the syntax (equal whatever it holds).
#[derive(Clone, Debug, Default)]
pub struct NameSlot(pub std::cell::Cell<(u32, u32)>);

impl PartialEq for NameSlot {
    fn eq(&self, _: &NameSlot) -> bool {
        true
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Name(Name, NameSlot),
    Const(Const),
    /// f-string: literal pieces and formatted values in order.
    FString(Vec<FStringPart>),
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    Set(Vec<Expr>),
    /// `{k: v, **other}`: a `None` key is a `**` spread of the value.
    Dict(Vec<(Option<Expr>, Expr)>),
    Attribute { value: Box<Expr>, attr: Name },
    Subscript { value: Box<Expr>, index: Box<Expr> },
    /// Only inside a Subscript index (possibly inside a Tuple there).
    Slice { lower: Option<Box<Expr>>, upper: Option<Box<Expr>>, step: Option<Box<Expr>> },
    Call { func: Box<Expr>, args: Vec<Arg> },
    BinOp { left: Box<Expr>, op: BinOp, right: Box<Expr> },
    UnaryOp { op: UnaryOp, operand: Box<Expr> },
    /// `a and b and c` (short-circuit, value of the last evaluated operand).
    BoolOp { op: BoolOp, values: Vec<Expr> },
    /// Chained comparison `a < b <= c`.
    Compare { left: Box<Expr>, ops: Vec<(CmpOp, Expr)> },
    IfExp { test: Box<Expr>, body: Box<Expr>, orelse: Box<Expr> },
    ListComp { elt: Box<Expr>, generators: Vec<Comprehension> },
    SetComp { elt: Box<Expr>, generators: Vec<Comprehension> },
    DictComp { key: Box<Expr>, value: Box<Expr>, generators: Vec<Comprehension> },
    /// `(x for x in y)`: evaluated eagerly into a list (no generators in ormsh).
    GeneratorExp { elt: Box<Expr>, generators: Vec<Comprehension> },
    /// `*x` in a call, list display or assignment target.
    Starred(Box<Expr>),
    /// `lambda a, b=1: body` (`sorted(rows, key=lambda r: r.name)`): parameters
    /// with their optional defaults, and the body shared with the function value.
    Lambda { params: Vec<(Name, Option<Expr>)>, body: std::rc::Rc<Expr> },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    None,
    True,
    False,
    Int(i64),
    /// An integer literal too large for i64, as written (decimal digits).
    BigInt(String),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    Ellipsis,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FStringPart {
    Literal(String),
    /// `{value!conversion:format_spec}`; the format spec may itself hold fields.
    Field { value: Box<Expr>, conversion: Option<char>, format_spec: Vec<FStringPart>, debug_text: Option<String> },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Positional(Expr),
    Keyword(Name, Expr),
    /// `*args`
    Star(Expr),
    /// `**kwargs`
    StarStar(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comprehension {
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mult,
    Div,
    FloorDiv,
    Mod,
    Pow,
    MatMult,
    LShift,
    RShift,
    BitOr,
    BitXor,
    BitAnd,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
    Pos,
    Invert,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolOp {
    And,
    Or,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}

/// The result of parsing a chunk of source.
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    pub body: Vec<Stmt>,
}
