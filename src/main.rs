use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    brochure::cli::run(brochure::cli::Cli::parse())
}
