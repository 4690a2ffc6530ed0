//! `medcyber cvss score`.

use medcyber_cvss::{Cvss, Severity, parse};
use serde::Serialize;

use crate::ExitStatus;
use crate::args::{CvssCommand, CvssScoreArgs, ScoreFormat};
use crate::output::{self, BatchErrors};

/// Runs a `cvss` subcommand.
pub fn run(cmd: CvssCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        CvssCommand::Score(args) => score(args),
        CvssCommand::Rubric(args) => super::rubric::run(args),
    }
}

/// The JSON record of a v2 or v3.x vector (field order is part of the CLI contract).
#[derive(Serialize)]
struct ScoresRecord<'a> {
    vector: &'a str,
    version: &'static str,
    base_score: f64,
    base_severity: Severity,
    temporal_score: Option<f64>,
    temporal_severity: Option<Severity>,
    environmental_score: Option<f64>,
    environmental_severity: Option<Severity>,
}

/// The JSON record of a v4.0 vector.
#[derive(Serialize)]
struct V4Record<'a> {
    vector: &'a str,
    version: &'static str,
    score: f64,
    severity: Severity,
    macro_vector: String,
    nomenclature: &'static str,
}

#[derive(Serialize)]
struct ErrorRecord<'a> {
    vector: &'a str,
    error: String,
}

/// One scored vector, ready for either output.
enum Scored {
    Scores(medcyber_cvss::Scores, &'static str),
    V4(medcyber_cvss::v4::Score),
}

fn score_one(vector: &str) -> Result<Scored, String> {
    let parsed = parse(vector).map_err(|e| e.to_string())?;
    let version = parsed.version().as_str();
    Ok(match parsed {
        Cvss::V2(v) => Scored::Scores(v.scores(), version),
        Cvss::V3(v) => Scored::Scores(v.scores(), version),
        Cvss::V4(v) => Scored::V4(v.score()),
    })
}

fn json_line(vector: &str) -> (String, bool) {
    let result = match score_one(vector) {
        Ok(Scored::Scores(s, version)) => serde_json::to_string(&ScoresRecord {
            vector,
            version,
            base_score: s.base_score,
            base_severity: s.base_severity,
            temporal_score: s.temporal_score,
            temporal_severity: s.temporal_severity,
            environmental_score: s.environmental_score,
            environmental_severity: s.environmental_severity,
        }),
        Ok(Scored::V4(s)) => serde_json::to_string(&V4Record {
            vector,
            version: "4.0",
            score: s.score,
            severity: s.severity,
            macro_vector: s.macro_vector,
            nomenclature: s.nomenclature,
        }),
        Err(error) => {
            let line = serde_json::to_string(&ErrorRecord { vector, error }).unwrap_or_default();
            return (line, false);
        }
    };
    (result.unwrap_or_default(), true)
}

fn fmt_score(score: Option<f64>) -> String {
    score.map_or_else(|| "-".to_owned(), |s| format!("{s:.1}"))
}

fn table(vectors: &[String]) -> anyhow::Result<bool> {
    let width = vectors.iter().map(String::len).max().unwrap_or(6).max(6);
    output::line(&format!(
        "{:width$}  VERSION  BASE  TEMPORAL  ENVIRONMENTAL  SEVERITY  DETAIL",
        "VECTOR"
    ))?;
    let mut all_valid = true;
    for vector in vectors {
        let row = match score_one(vector) {
            Ok(Scored::Scores(s, version)) => {
                format!(
                    "{vector:width$}  {version:7}  {:>4}  {:>8}  {:>13}  {:8}",
                    fmt_score(Some(s.base_score)),
                    fmt_score(s.temporal_score),
                    fmt_score(s.environmental_score),
                    s.base_severity.as_str(),
                )
            }
            Ok(Scored::V4(s)) => format!(
                "{vector:width$}  4.0      {:>4}  {:>8}  {:>13}  {:8}  {} MacroVector {}",
                fmt_score(Some(s.score)),
                "-",
                "-",
                s.severity.as_str(),
                s.nomenclature,
                s.macro_vector,
            ),
            Err(e) => {
                all_valid = false;
                format!("{vector:width$}  error: {e}")
            }
        };
        output::line(row.trim_end())?;
    }
    Ok(all_valid)
}

fn score(args: CvssScoreArgs) -> anyhow::Result<ExitStatus> {
    if args.batch {
        output::batch(BatchErrors::Json, |line| Ok(json_line(line).0))?;
        return Ok(ExitStatus::Success);
    }
    let all_valid = match args.format {
        ScoreFormat::Table => table(&args.vectors)?,
        ScoreFormat::CvssJson => {
            let mut all_valid = true;
            for vector in &args.vectors {
                match parse(vector) {
                    Ok(v) => output::line(&medcyber_cvss::json::to_json(&v).to_string())?,
                    Err(e) => {
                        all_valid = false;
                        output::line(&serde_json::to_string(&ErrorRecord {
                            vector,
                            error: e.to_string(),
                        })?)?;
                    }
                }
            }
            all_valid
        }
        ScoreFormat::Json => {
            let mut all_valid = true;
            for vector in &args.vectors {
                let (line, valid) = json_line(vector);
                all_valid &= valid;
                output::line(&line)?;
            }
            all_valid
        }
    };
    Ok(if all_valid {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    })
}
