//! The `medcyber` command-line interface.
//!
//! `args` holds only the clap definitions; each command lives in `commands/<name>.rs` and
//! returns an [`ExitStatus`]; `output` owns stdout and the batch-mode loop. Exit codes:
//! 0 success, 1 a finding over the threshold or an invalid document, 2 a usage or input error.

mod args;
mod commands;
mod output;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: parsing purls, Maven versions and native ranges allocates small strings by the
/// million in batch and scan runs, and it roughly halves their cost against the system
/// allocator (see docs/BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Done, nothing to report (exit 0).
    Success,
    /// Done, and the result fails the requested gate (exit 1).
    Failure,
    /// A usage or input error (exit 2).
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        match status {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(status) => status.into(),
        Err(err) => {
            if output::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            output::error(&format!("{err:#}"));
            ExitStatus::Error.into()
        }
    }
}
