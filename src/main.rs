//! The `ormsh` binary: parses the command line (clap; a bad one exits with
//! status 2) and hands over to `shell::run::main`, whose result is the exit status;
//! `ormsh check …` goes to `shell::transcript::check::main`.
use clap::Parser;

fn main() {
    // `ormsh check FILE.md`: replay transcripts (a URL is never the word `check`)
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("check") {
        let mut rest = args[1..].to_vec();
        rest[0] = "ormsh check".to_string();
        std::process::exit(ormsh::shell::transcript::check::main(rest));
    }
    let cli = ormsh::shell::cli::Cli::parse();
    std::process::exit(ormsh::shell::run::main(cli));
}
