//! `medcyber purl parse`.

use std::collections::BTreeMap;

use medcyber_ident::purl::Purl;
use serde::Serialize;

use crate::ExitStatus;
use crate::args::{PurlCommand, PurlParseArgs};
use crate::output::{self, BatchErrors};

/// The JSON record of a parsed purl (field order is part of the CLI contract).
#[derive(Serialize)]
struct Record<'a> {
    canonical: String,
    #[serde(rename = "type")]
    ty: &'a str,
    namespace: Option<&'a str>,
    name: &'a str,
    version: Option<&'a str>,
    qualifiers: &'a BTreeMap<String, String>,
    subpath: Option<&'a str>,
}

fn record(purl: &Purl) -> Result<String, String> {
    let record = Record {
        canonical: purl.canonical(),
        ty: purl.ty(),
        namespace: purl.namespace(),
        name: purl.name(),
        version: purl.version(),
        qualifiers: purl.qualifiers(),
        subpath: purl.subpath(),
    };
    serde_json::to_string(&record).map_err(|e| e.to_string())
}

fn parse_one(text: &str, strict: bool) -> Result<String, String> {
    let parsed = if strict {
        Purl::parse(text)
    } else {
        Purl::parse_lenient(text)
    };
    record(&parsed.map_err(|e| e.to_string())?)
}

/// Runs a `purl` subcommand.
pub fn run(cmd: PurlCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        PurlCommand::Parse(args) => parse(args),
    }
}

fn parse(args: PurlParseArgs) -> anyhow::Result<ExitStatus> {
    if args.batch {
        output::batch(BatchErrors::Json, |line| parse_one(line, args.strict))?;
        return Ok(ExitStatus::Success);
    }
    let text = args.purl.unwrap_or_default();
    match parse_one(&text, args.strict) {
        Ok(json) => {
            output::line(&json)?;
            Ok(ExitStatus::Success)
        }
        Err(message) => {
            output::json(&serde_json::json!({ "error": message }))?;
            Ok(ExitStatus::Error)
        }
    }
}
