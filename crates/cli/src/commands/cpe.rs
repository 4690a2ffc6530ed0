//! `medcyber cpe parse` and `medcyber cpe match`.

use medcyber_ident::cpe::{Relations, Wfn};
use serde::Serialize;
use serde_json::json;

use crate::ExitStatus;
use crate::args::{CpeCommand, CpeMatchArgs, CpeParseArgs};
use crate::output::{self, BatchErrors};

/// Runs a `cpe` subcommand.
pub fn run(cmd: CpeCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        CpeCommand::Parse(args) => parse(args),
        CpeCommand::Match(args) => matching(args),
    }
}

/// The JSON record of `cpe parse` (field order is part of the CLI contract).
#[derive(Serialize)]
struct ParseRecord<'a> {
    fs: String,
    uri: String,
    wfn: WfnRecord<'a>,
}

/// The eleven WFN attributes in binding order: `ANY`, `NA` or the quoted string.
#[derive(Serialize)]
struct WfnRecord<'a> {
    part: &'a str,
    vendor: &'a str,
    product: &'a str,
    version: &'a str,
    update: &'a str,
    edition: &'a str,
    language: &'a str,
    sw_edition: &'a str,
    target_sw: &'a str,
    target_hw: &'a str,
    other: &'a str,
}

/// The JSON record of `cpe match`.
#[derive(Serialize)]
struct MatchRecord {
    relation: &'static str,
    superset: bool,
    subset: bool,
    equal: bool,
    disjoint: bool,
}

fn to_json(record: &impl Serialize) -> Result<String, String> {
    serde_json::to_string(record).map_err(|e| e.to_string())
}

fn parse_record(text: &str) -> Result<String, String> {
    let wfn = Wfn::parse(text).map_err(|e| e.to_string())?;
    let [
        part,
        vendor,
        product,
        version,
        update,
        edition,
        language,
        sw_edition,
        target_sw,
        target_hw,
        other,
    ] = wfn.values.each_ref().map(|v| v.as_wfn());
    to_json(&ParseRecord {
        fs: wfn.to_fs(),
        uri: wfn.to_uri(),
        wfn: WfnRecord {
            part,
            vendor,
            product,
            version,
            update,
            edition,
            language,
            sw_edition,
            target_sw,
            target_hw,
            other,
        },
    })
}

fn match_record(source: &str, target: &str) -> Result<String, String> {
    let source = Wfn::parse(source).map_err(|e| e.to_string())?;
    let target = Wfn::parse(target).map_err(|e| e.to_string())?;
    let r = Relations::of(&source, &target);
    to_json(&MatchRecord {
        relation: r.relation().name(),
        superset: r.superset,
        subset: r.subset,
        equal: r.equal,
        disjoint: r.disjoint,
    })
}

/// Prints one answer: the record (exit 0) or `{"error"}` (exit 2).
fn answer(result: Result<String, String>) -> anyhow::Result<ExitStatus> {
    match result {
        Ok(record) => {
            output::line(&record)?;
            Ok(ExitStatus::Success)
        }
        Err(message) => {
            output::json(&json!({ "error": message }))?;
            Ok(ExitStatus::Error)
        }
    }
}

fn parse(args: CpeParseArgs) -> anyhow::Result<ExitStatus> {
    if args.batch {
        output::batch(BatchErrors::Json, parse_record)?;
        return Ok(ExitStatus::Success);
    }
    answer(parse_record(&args.cpe.unwrap_or_default()))
}

fn matching(args: CpeMatchArgs) -> anyhow::Result<ExitStatus> {
    if args.batch {
        output::batch(BatchErrors::Json, |line| {
            let (source, target) = output::two_fields(line)?;
            match_record(source, target)
        })?;
        return Ok(ExitStatus::Success);
    }
    answer(match_record(
        &args.source.unwrap_or_default(),
        &args.target.unwrap_or_default(),
    ))
}
