//! `medcyber version compare | satisfies | to-vers | schemes`.

use std::cmp::Ordering;

use anyhow::Context;
use medcyber_ident::vers::Vers;
use medcyber_ident::version::Scheme;

use crate::ExitStatus;
use crate::args::{CompareArgs, SatisfiesArgs, ToVersArgs, VersionCommand};
use crate::output::{self, BatchErrors};

/// Runs a `version` subcommand.
pub fn run(cmd: VersionCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        VersionCommand::Compare(args) => compare(args),
        VersionCommand::Satisfies(args) => satisfies(args),
        VersionCommand::ToVers(args) => to_vers(args),
        VersionCommand::Schemes => {
            for scheme in Scheme::ALL {
                output::line(scheme.name())?;
            }
            Ok(ExitStatus::Success)
        }
    }
}

fn scheme(name: &str) -> anyhow::Result<Scheme> {
    Ok(Scheme::from_name(name)?)
}

fn ordering_text(ord: Ordering) -> &'static str {
    match ord {
        Ordering::Less => "-1",
        Ordering::Equal => "0",
        Ordering::Greater => "1",
    }
}

/// Runs `answer` once on the command-line arguments, or once per stdin line with `--batch`.
fn single_or_batch(
    batch: bool,
    single: impl FnOnce() -> Result<String, String>,
    per_line: impl FnMut(&str) -> Result<String, String>,
) -> anyhow::Result<ExitStatus> {
    if batch {
        output::batch(BatchErrors::Text, per_line)?;
        return Ok(ExitStatus::Success);
    }
    match single() {
        Ok(text) => {
            output::line(&text)?;
            Ok(ExitStatus::Success)
        }
        Err(message) => {
            output::error(&message);
            Ok(ExitStatus::Error)
        }
    }
}

fn compare(args: CompareArgs) -> anyhow::Result<ExitStatus> {
    let scheme = scheme(&args.scheme)?;
    let answer = |a: &str, b: &str| {
        scheme
            .compare(a, b)
            .map(|ord| ordering_text(ord).to_owned())
            .map_err(|e| e.to_string())
    };
    single_or_batch(
        args.batch,
        || {
            answer(
                args.a.as_deref().unwrap_or(""),
                args.b.as_deref().unwrap_or(""),
            )
        },
        |line| {
            let (a, b) = output::two_fields(line)?;
            answer(a, b)
        },
    )
}

/// Tests `version` against `range`: a native range of `scheme`, or a vers when no scheme.
fn satisfies_one(scheme: Option<Scheme>, range: &str, version: &str) -> Result<bool, String> {
    match scheme {
        Some(scheme) => scheme
            .parse_native_range(range)
            .map_err(|e| e.to_string())?
            .contains(version)
            .map_err(|e| e.to_string()),
        None => Vers::parse_lenient(range)
            .map_err(|e| e.to_string())?
            .contains(version)
            .map_err(|e| e.to_string()),
    }
}

fn satisfies(args: SatisfiesArgs) -> anyhow::Result<ExitStatus> {
    let scheme = args.scheme.as_deref().map(scheme).transpose()?;
    let text = |b: bool| if b { "true" } else { "false" }.to_owned();
    single_or_batch(
        args.batch,
        || {
            satisfies_one(
                scheme,
                args.range.as_deref().unwrap_or(""),
                args.candidate.as_deref().unwrap_or(""),
            )
            .map(text)
        },
        |line| {
            let (range, version) = output::two_fields(line)?;
            satisfies_one(scheme, range, version).map(text)
        },
    )
}

fn to_vers(args: ToVersArgs) -> anyhow::Result<ExitStatus> {
    let scheme = scheme(&args.scheme).context("--scheme")?;
    let convert = |range: &str| {
        scheme
            .parse_native_range(range)
            .and_then(|r| r.to_vers())
            .map(|v| v.to_string())
            .map_err(|e| e.to_string())
    };
    single_or_batch(
        args.batch,
        || convert(args.range.as_deref().unwrap_or("")),
        convert,
    )
}
