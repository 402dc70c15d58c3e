//! The `ormsh` binary: parses the command line (clap; a bad one exits with
//! status 2) and hands over to `shell::run::main`, whose result is the exit status.
use clap::Parser;

fn main() {
    let cli = ormsh::shell::cli::Cli::parse();
    std::process::exit(ormsh::shell::run::main(cli));
}
