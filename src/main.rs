//! The `notes` binary: parses the command line and calls the library.

use clap::Parser;

fn main() {
    let cli = match notes::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = notes::cli::usage_exit_code(&e);
            let _ = e.print();
            std::process::exit(code);
        }
    };
    std::process::exit(notes::cli::run(cli));
}
