//! The `changai` binary: gathers the environment, runs the library, prints, exits.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let env = changai::cli::Env {
        cwd: std::env::current_dir().unwrap_or_default(),
        color: std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok(),
    };
    let output = changai::cli::run(std::env::args_os(), &env);
    // A closed pipe (`changai … | head`) is not an error worth reporting.
    let _ = std::io::stdout().write_all(&output.stdout);
    let _ = std::io::stderr().write_all(output.stderr.as_bytes());
    ExitCode::from(output.code as u8)
}
