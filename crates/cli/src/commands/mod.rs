//! One module per command; each returns an [`ExitStatus`](crate::ExitStatus).

mod admin;
mod cpe;
mod cvss;
mod db;
mod demo;
mod purl;
mod rubric;
mod sbom;
mod scan;
mod serve;
mod version;

use crate::ExitStatus;
use crate::args::{Cli, Command};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    match cli.command {
        Command::Version(cmd) => version::run(cmd),
        Command::Purl(cmd) => purl::run(cmd),
        Command::Cpe(cmd) => cpe::run(cmd),
        Command::Cvss(cmd) => cvss::run(cmd),
        Command::Sbom(cmd) => sbom::run(cmd),
        Command::Db(cmd) => db::run(cmd),
        Command::Scan(args) => scan::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Admin(cmd) => admin::run(cmd),
        Command::Audit(cmd) => admin::audit(cmd),
    }
}
