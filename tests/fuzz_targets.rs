//! A short bounded fuzz run on every `cargo test` (issue 13: "a short bounded
//! run in CI"). SQLAlchemy has no counterpart; the targets are the bodies of
//! the cargo-fuzz targets, `ormsh::fuzzing::{parser, schema_file, url,
//! quoting}` (src/fuzzing/), so both drivers check the same properties.
//!
//! For each target: every committed seed (`fuzz/seeds/TARGET/`, plus the
//! project's scripts for the parser, its schema files for the schema
//! loader), every kept crash input (`fuzz/regressions/TARGET/`), then a
//! seeded, deterministic mutation loop of a bounded number of iterations:
//! stacked byte flips, deletions, duplications, splices of two inputs and
//! dictionary tokens taken from the seeds. It is a random mutation run over the
//! corpus, **not** coverage-guided: it finds what lies a few mutations from a
//! seed, and keeps every crash libFuzzer found from coming back; the
//! coverage-guided runs are cargo-fuzz's (`scripts/fuzz_run.sh`).
//!
//! A failing input is written to `CARGO_TARGET_TMPDIR/fuzz-failures/` and the
//! failure names the target, the seed, the iteration and the input. Longer or
//! other runs: `ORMSH_FUZZ_SEED=N ORMSH_FUZZ_ITERS=N cargo test --test it
//! fuzz_targets::`.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

/// Mutated inputs per target by default (about 1–3 s each in the debug build on
/// the 2-core machine; see docs/reliability.md for the measured cost).
const ITERATIONS: &[(&str, u64)] = &[("parser", 20_000), ("schema_file", 100_000), ("url", 200_000), ("quoting", 16_000)];
const DEFAULT_SEED: u64 = 13;
/// One input taking longer than this is a failure (libFuzzer's `-timeout=10` in scripts/fuzz_run.sh).
const SLOW: Duration = Duration::from_secs(10);

/// xorshift64*: small, deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Bytes that matter to one of the front ends, beside the seeds' own tokens.
const SPECIAL: &[&str] = &[
    "\n", "\r\n", "\t", "    ", " ", "\\", "'", "\"", "\"\"\"", "'''", "`", "(", ")", "[", "]", "{", "}", ":", ",", ".",
    "=", "#", "@", "%", "%25", "%2F", "?", "&", "/", "//", "+", "-", "*", "**", "\0", "\u{feff}", "\u{1b}[31m", "é",
    "\u{1F4A5}", "0", "-1", "99999999999999999999", "1e309", "\\N{DASH}", "f\"{", "}\"", "\\x00", "null", "true", "[]",
    "{}", "::", "[::1]", "sqlite_",
];

fn dictionary(corpus: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let mut words: BTreeSet<&[u8]> = BTreeSet::new();
    for input in corpus {
        let mut start = 0;
        for i in 0..=input.len() {
            let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
            if i == input.len() || !word(input[i]) {
                if i - start >= 2 && i - start <= 24 {
                    words.insert(&input[start..i]);
                }
                start = i + 1;
            }
        }
    }
    let mut out: Vec<Vec<u8>> = SPECIAL.iter().map(|s| s.as_bytes().to_vec()).collect();
    out.extend(words.into_iter().take(4000).map(<[u8]>::to_vec));
    out
}

/// Single bytes a mutation writes over another.
const PUNCT: &[u8] = b" \n\t()[]{}:'\"\\#,.=%/?@&*+-0aZ_`;";
/// Bytes a mutation repeats (deep brackets, long names, long runs of quotes).
const REPEATED: &[u8] = b"([{'\"\\ a_9%\n";

struct Mutator {
    rng: Rng,
    dict: Vec<Vec<u8>>,
    max_len: usize,
}

impl Mutator {
    /// One to four stacked mutations of `input` (`other`: a second input to splice from).
    fn mutate(&mut self, input: &[u8], other: &[u8]) -> Vec<u8> {
        let mut out = input.to_vec();
        for _ in 0..1 + self.rng.below(4) {
            let len = out.len();
            let at = self.rng.below(len + 1);
            match self.rng.below(9) {
                0 if len > 0 => {
                    let i = self.rng.below(len);
                    out[i] ^= 1 << self.rng.below(7);
                }
                1 if len > 0 => {
                    let i = self.rng.below(len);
                    out[i] = PUNCT[self.rng.below(PUNCT.len())];
                }
                2 | 3 => {
                    let word = self.dict[self.rng.below(self.dict.len())].clone();
                    out.splice(at..at, word);
                }
                4 if len > 0 => {
                    let end = (at + 1 + self.rng.below(16)).min(len);
                    out.drain(at.min(len - 1)..end);
                }
                5 if len > 0 => {
                    // duplicate a range somewhere else: repeats, nesting
                    let from = self.rng.below(len);
                    let to = (from + 1 + self.rng.below(64)).min(len);
                    let piece = out[from..to].to_vec();
                    out.splice(at..at, piece);
                }
                6 => {
                    // splice: our head, the other input's tail
                    let j = self.rng.below(other.len() + 1);
                    out.truncate(at);
                    out.extend_from_slice(&other[j..]);
                }
                7 => {
                    // one byte many times (deep brackets, long names, long runs of quotes)
                    let b = REPEATED[self.rng.below(REPEATED.len())];
                    let most = if self.rng.below(4) == 0 { 600 } else { 40 };
                    let n = 1 + self.rng.below(most);
                    out.splice(at..at, std::iter::repeat(b).take(n));
                }
                _ if len > 0 => {
                    // a range replaced by a dictionary token
                    let end = (at + 1 + self.rng.below(8)).min(len);
                    let word = self.dict[self.rng.below(self.dict.len())].clone();
                    out.splice(at.min(len - 1)..end, word);
                }
                _ => out.push(self.rng.below(128) as u8),
            }
        }
        out.truncate(self.max_len);
        out
    }
}

fn read_dir_files(dir: &Path, ext: Option<&str>, out: &mut Vec<Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
    paths.sort();
    for p in paths {
        if ext.is_none_or(|e| p.extension().is_some_and(|x| x == e)) {
            out.push(std::fs::read(&p).expect("read a seed"));
        }
    }
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

fn escaped(input: &[u8]) -> String {
    let text = String::from_utf8_lossy(input);
    let shown: String = text.chars().take(2000).collect();
    format!("{shown:?}{}", if text.chars().count() > 2000 { " (cut)" } else { "" })
}

/// Run `check` on one input; a panic or a slow input fails the test with everything needed to replay it.
fn run_one(target: &str, check: fn(&[u8]), input: &[u8], what: &str) {
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| check(input)));
    let took = started.elapsed();
    let problem = match outcome {
        Err(e) => {
            let msg = e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()));
            format!("panicked: {}", msg.unwrap_or_else(|| "(no message)".into()))
        }
        Ok(()) if took > SLOW => format!("took {took:?} (over {SLOW:?})"),
        Ok(()) => return,
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join(format!("{target}-{}", what.replace([' ', '/', '='], "_")));
    let _ = std::fs::write(&file, input);
    let small = if problem.starts_with("panicked") { shrink(check, input) } else { input.to_vec() };
    let _ = std::fs::write(file.with_extension("min"), &small);
    panic!(
        "fuzz target `{target}`, {what}: {problem}\ninput ({} bytes, written to {}): {}\n\
         shrunk ({} bytes, the same file with .min): {}\n\
         fix it at its root, keep the input in fuzz/regressions/{target}/",
        input.len(),
        file.display(),
        escaped(input),
        small.len(),
        escaped(&small)
    );
}

/// A smaller input that still panics: chunks removed, halving their size
/// down to single bytes, at most 5,000 tries (the panic hook is silenced
/// meanwhile, so only the report shows).
fn shrink(check: fn(&[u8]), input: &[u8]) -> Vec<u8> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut best = input.to_vec();
    let mut tries = 0;
    let mut chunk = best.len().div_ceil(2).max(1);
    while tries < 5000 {
        let mut at = 0;
        let mut shrunk = false;
        while at < best.len() && tries < 5000 {
            let mut candidate = best.clone();
            candidate.drain(at..(at + chunk).min(best.len()));
            tries += 1;
            if catch_unwind(AssertUnwindSafe(|| check(&candidate))).is_err() {
                best = candidate;
                shrunk = true;
            } else {
                at += chunk;
            }
        }
        if !shrunk {
            if chunk == 1 {
                break;
            }
            chunk = chunk.div_ceil(2);
        }
    }
    std::panic::set_hook(hook);
    best
}

fn run(target: &str, check: fn(&[u8]), mut corpus: Vec<Vec<u8>>, max_len: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    read_dir_files(&root.join("fuzz/seeds").join(target), None, &mut corpus);
    assert!(!corpus.is_empty(), "no seeds for {target}");
    let mut kept = Vec::new();
    read_dir_files(&root.join("fuzz/regressions").join(target), None, &mut kept);
    for (i, input) in corpus.iter().enumerate() {
        run_one(target, check, input, &format!("seed input {i}"));
    }
    for (i, input) in kept.iter().enumerate() {
        run_one(target, check, input, &format!("kept crash input {i}"));
    }
    let seed = env_u64("ORMSH_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let default = ITERATIONS.iter().find(|(t, _)| *t == target).map_or(1000, |(_, n)| *n);
    let iterations = env_u64("ORMSH_FUZZ_ITERS").unwrap_or(default);
    let mut m = Mutator { rng: Rng::new(seed ^ target.len() as u64), dict: dictionary(&corpus), max_len };
    corpus.extend(kept);
    let seeds = corpus.len();
    let started = Instant::now();
    for iteration in 0..iterations {
        let a = m.rng.below(corpus.len());
        let b = m.rng.below(corpus.len());
        let input = m.mutate(&corpus[a], &corpus[b]);
        run_one(target, check, &input, &format!("seed={seed} iteration={iteration}"));
        // a few mutants join the pool, so mutations also stack across iterations
        if m.rng.below(8) == 0 {
            if corpus.len() < seeds + 256 {
                corpus.push(input);
            } else {
                let slot = seeds + m.rng.below(256);
                corpus[slot] = input;
            }
        }
    }
    // shown with --nocapture: the figures of docs/reliability.md
    println!(
        "fuzz {target}: {seeds} seed and kept inputs, {iterations} mutants (seed {seed}) in {:.2} s",
        started.elapsed().as_secs_f64()
    );
}

/// The fuzz loop runs on a thread with the main thread's 8 MB stack (the
/// binary's, and libFuzzer's), not a test thread's 2 MB.
fn on_big_stack(f: impl FnOnce() + Send + 'static) {
    let handle = std::thread::Builder::new().stack_size(8 << 20).spawn(f).expect("spawn");
    if let Err(e) = handle.join() {
        std::panic::resume_unwind(e);
    }
}

fn files(dirs: &[&str], ext: &str) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for d in dirs {
        read_dir_files(&root.join(d), Some(ext), &mut out);
    }
    out
}

#[test]
fn parser() {
    // the project's scripts: cases and golden transcripts
    on_big_stack(|| run("parser", ormsh::fuzzing::parser, files(&["tests/cases", "tests/golden"], "py"), 8192));
}

#[test]
fn schema_file() {
    on_big_stack(|| run("schema_file", ormsh::fuzzing::schema_file, files(&["schemas", "tests/cases/schemas", "scripts/tools/sa_cases"], "json"), 8192));
}

#[test]
fn url() {
    on_big_stack(|| run("url", ormsh::fuzzing::url, Vec::new(), 512));
}

#[test]
fn quoting() {
    on_big_stack(|| run("quoting", ormsh::fuzzing::quoting, Vec::new(), 512));
}

#[test]
fn the_mutator_is_deterministic_and_bounded() {
    let corpus = vec![b"x = (1, 'a')\n".to_vec(), b"print(x)\n".to_vec()];
    let mk = || Mutator { rng: Rng::new(7), dict: dictionary(&corpus), max_len: 64 };
    let (mut a, mut b) = (mk(), mk());
    for _ in 0..500 {
        let x = a.mutate(&corpus[0], &corpus[1]);
        assert_eq!(x, b.mutate(&corpus[0], &corpus[1]));
        assert!(x.len() <= 64);
    }
    assert!(dictionary(&corpus).iter().any(|w| w == b"print"));
}

#[test]
fn a_host_starting_with_a_bracket_renders_as_sqlalchemys() {
    // found by the bounded run (fuzz/regressions/url/): SQLAlchemy 2.1.9's
    // make_url gives host '[ ]' and render_as_string 'postgresql://[ ]' (host
    // ' ' when read again); ormsh keeps that, and the url target allows it
    let url = ormsh::engine::url::Url::parse("postgresql://[[ ]]").expect("parses");
    assert_eq!(url.host(), Some("[ ]"));
    assert_eq!(url.render(false), "postgresql://[ ]");
    let again = ormsh::engine::url::Url::parse(&url.render(false)).expect("parses");
    assert_eq!(again.host(), Some(" "));
}
