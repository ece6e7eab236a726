//! The `changai` binary: gathers the environment, runs the library, prints, exits.

use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let env = changai::cli::Env {
        cwd: std::env::current_dir().unwrap_or_default(),
        color: std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok(),
    };
    let code = changai::cli::run_to(
        std::env::args_os(),
        &env,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code as u8)
}
