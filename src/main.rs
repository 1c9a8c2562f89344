use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    quiet_panics();
    brochure::cli::run(brochure::cli::Cli::parse())
}

/// A panic is caught and reported as a located error (see `render::guard`): print one
/// line for it rather than Rust's message and backtrace, unless RUST_BACKTRACE asks for them.
fn quiet_panics() {
    if std::env::var_os("RUST_BACKTRACE").is_some() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" (at {}:{})", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("brochure: internal error{at}; it is reported below if it could be caught");
    }));
}
