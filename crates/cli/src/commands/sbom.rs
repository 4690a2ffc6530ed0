//! `medcyber sbom validate|check|convert|diff`.

use std::path::Path;

use anyhow::Context as _;
use medcyber_model::sbom::SbomFormat;
use medcyber_model::{Lang, Sbom};
use medcyber_sbom::check::{Failure, Profile, ProfileReport, Requirement, Status};
use medcyber_sbom::diff::{SbomDiff, Summary};
use medcyber_sbom::{Location, ReadOptions, Target};
use serde_json::{Value, json};

use crate::ExitStatus;
use crate::args::{
    SbomCheckArgs, SbomCommand, SbomConvertArgs, SbomDiffArgs, SbomReadArgs, SbomValidateArgs,
};
use crate::output;

/// Runs an `sbom` subcommand.
pub fn run(cmd: SbomCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        SbomCommand::Validate(args) => validate(args),
        SbomCommand::Check(args) => check(args),
        SbomCommand::Convert(args) => convert(args),
        SbomCommand::Diff(args) => diff(args),
    }
}

fn options(max_size_mib: usize, lenient: bool) -> ReadOptions {
    ReadOptions {
        max_bytes: max_size_mib.saturating_mul(1024 * 1024),
        lenient,
        ..ReadOptions::default()
    }
}

fn read_file(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Reads an SBOM file into the model; with `--lenient` the schema problems go to stderr.
pub(crate) fn load(path: &Path, read: &SbomReadArgs) -> anyhow::Result<Sbom> {
    let bytes = read_file(path)?;
    let outcome = medcyber_sbom::read(&bytes, &options(read.max_size, read.lenient))
        .with_context(|| path.display().to_string())?;
    for d in &outcome.diagnostics {
        output::note("warning", &format!("{}: {d}", path.display()));
    }
    Ok(outcome.sbom)
}

fn location_json(location: &Location) -> Value {
    match location {
        Location::Pointer { pointer } => json!({"pointer": pointer}),
        Location::LineColumn { line, column } => json!({"line": line, "column": column}),
        Location::Line { line } => json!({"line": line}),
        Location::Document {} => json!({"pointer": ""}),
    }
}

fn validate(args: SbomValidateArgs) -> anyhow::Result<ExitStatus> {
    let opts = options(args.max_size, false);
    let (mut any_invalid, mut any_error) = (false, false);
    for path in &args.files {
        let file = path.display().to_string();
        let verdict = read_file(path)
            .and_then(|bytes| medcyber_sbom::validate(&bytes, &opts).map_err(anyhow::Error::from));
        match verdict {
            Ok(v) => {
                any_invalid |= !v.is_valid();
                let format = match v.detected.format {
                    SbomFormat::CycloneDx => "CycloneDX",
                    SbomFormat::Spdx => "SPDX",
                };
                if args.format == "json" {
                    let errors: Vec<Value> = v
                        .errors
                        .iter()
                        .map(|d| {
                            let mut e = location_json(&d.location);
                            if let Value::Object(m) = &mut e {
                                m.insert("message".into(), json!(d.message));
                            }
                            e
                        })
                        .collect();
                    output::json(&json!({
                        "file": file,
                        "format": format,
                        "spec_version": v.detected.spec_version,
                        "encoding": v.detected.encoding,
                        "valid": v.is_valid(),
                        "schema_checked": v.schema_checked,
                        "errors": errors,
                    }))?;
                } else if v.is_valid() {
                    let note = if v.schema_checked {
                        ""
                    } else {
                        " (well-formed and safe; no schema checked for this encoding yet)"
                    };
                    output::line(&format!("{file}: valid {}{note}", v.detected))?;
                } else {
                    output::line(&format!(
                        "{file}: INVALID {} ({} problem(s))",
                        v.detected,
                        v.errors.len()
                    ))?;
                    for d in &v.errors {
                        output::line(&format!("  {d}"))?;
                    }
                }
            }
            Err(e) => {
                any_error = true;
                if args.format == "json" {
                    output::json(&json!({"file": file, "error": format!("{e:#}")}))?;
                } else {
                    output::line(&format!("{file}: ERROR {e:#}"))?;
                }
            }
        }
    }
    Ok(if any_error {
        ExitStatus::Error
    } else if any_invalid {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn check(args: SbomCheckArgs) -> anyhow::Result<ExitStatus> {
    let sbom = load(&args.file, &args.read)?;
    let lang = if args.lang == "ja" {
        Lang::Ja
    } else {
        Lang::En
    };
    let profiles: Vec<Profile> = if args.profile == "all" {
        Profile::ALL.to_vec()
    } else {
        Profile::parse(&args.profile).into_iter().collect()
    };
    let reports: Vec<ProfileReport> = profiles
        .iter()
        .map(|p| medcyber_sbom::check::check(&sbom, *p, lang))
        .collect();
    match args.format.as_str() {
        "json" => output::line(&serde_json::to_string_pretty(&reports)?)?,
        "markdown" => output::line(&markdown(&reports, lang))?,
        _ => output::line(&table(&reports, lang))?,
    }
    Ok(if reports.iter().all(|r| r.passed) {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

fn words(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Ja => ["合格", "不合格", "必須", "推奨", "スコア", "件"],
        Lang::En => ["PASS", "FAIL", "required", "recommended", "score", "items"],
    }
}

/// `component: reason` of a failed item (the reason alone for document checks).
fn failure_text(f: &Failure) -> String {
    match &f.component {
        Some(c) => format!("{c}: {}", f.reason),
        None => f.reason.clone(),
    }
}

fn table(reports: &[ProfileReport], lang: Lang) -> String {
    let [pass, fail, required, recommended, score, _] = words(lang);
    let mut out = String::new();
    for r in reports {
        out.push_str(&format!(
            "{} — {score} {}/100 — {}\n",
            r.title,
            r.score,
            if r.passed { pass } else { fail }
        ));
        for c in &r.checks {
            out.push_str(&format!(
                "  {:<4}  {:<28} {:>5}/{:<5} {} ({})\n",
                if c.status == Status::Pass { pass } else { fail },
                c.id,
                c.passed,
                c.total,
                c.title,
                if c.requirement == Requirement::Required {
                    required
                } else {
                    recommended
                }
            ));
            for f in c.failures.iter().take(20) {
                out.push_str(&format!("          - {}\n", failure_text(f)));
            }
            if c.failures.len() > 20 {
                out.push_str(&format!(
                    "          … {} more (--format json lists all)\n",
                    c.failures.len() - 20
                ));
            }
        }
        out.push('\n');
    }
    out.trim_end().to_owned()
}

fn markdown(reports: &[ProfileReport], lang: Lang) -> String {
    let [pass, fail, required, recommended, score, _] = words(lang);
    let mut out = String::new();
    for r in reports {
        out.push_str(&format!(
            "## {}\n\n**{score}: {}/100 — {}**\n\n",
            r.title,
            r.score,
            if r.passed { pass } else { fail }
        ));
        out.push_str("| | Check | Passed | Requirement | Source |\n|---|---|---:|---|---|\n");
        for c in &r.checks {
            out.push_str(&format!(
                "| {} | `{}` {} | {}/{} | {} | {} |\n",
                if c.status == Status::Pass { pass } else { fail },
                c.id,
                c.title.replace('|', "\\|"),
                c.passed,
                c.total,
                if c.requirement == Requirement::Required {
                    required
                } else {
                    recommended
                },
                c.source.replace('|', "\\|")
            ));
        }
        for c in r.checks.iter().filter(|c| !c.failures.is_empty()) {
            out.push_str(&format!("\n### `{}`\n\n", c.id));
            for f in &c.failures {
                out.push_str(&format!("- {}\n", failure_text(f).replace('|', "\\|")));
            }
        }
        out.push('\n');
    }
    out.trim_end().to_owned()
}

fn convert(args: SbomConvertArgs) -> anyhow::Result<ExitStatus> {
    let sbom = load(&args.input, &args.read)?;
    let target = Target::parse(&args.to)
        .ok_or_else(|| anyhow::anyhow!("unknown target format `{}`", args.to))?;
    let written = medcyber_sbom::write(&sbom, target);
    for loss in &written.losses {
        output::note(
            "not carried over",
            &format!("{}: {}", loss.location, loss.what),
        );
    }
    match &args.output {
        Some(path) => std::fs::write(path, &written.text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => output::line(written.text.trim_end())?,
    }
    Ok(ExitStatus::Success)
}

fn describe(s: &Summary) -> String {
    let mut text = s.name.clone();
    if let Some(v) = &s.version {
        text.push(' ');
        text.push_str(v);
    }
    if let Some(p) = &s.purl {
        text.push_str(&format!(" ({p})"));
    }
    text
}

fn diff(args: SbomDiffArgs) -> anyhow::Result<ExitStatus> {
    let old = load(&args.old, &args.read)?;
    let new = load(&args.new, &args.read)?;
    let d: SbomDiff = medcyber_sbom::diff::diff(&old, &new);
    if args.format == "json" {
        output::line(&serde_json::to_string_pretty(&d)?)?;
        return Ok(ExitStatus::Success);
    }
    let mut out = String::new();
    for a in &d.added {
        out.push_str(&format!("+ {}\n", describe(a)));
    }
    for r in &d.removed {
        out.push_str(&format!("- {}\n", describe(r)));
    }
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".into());
    for c in &d.changed {
        let mut what = Vec::new();
        if let Some((a, b)) = &c.version {
            what.push(format!("version {} → {}", show(a), show(b)));
        }
        if let Some((a, b)) = &c.supplier {
            what.push(format!("supplier {} → {}", show(a), show(b)));
        }
        if let Some((a, b)) = &c.licenses {
            what.push(format!("licences {} → {}", a.join(", "), b.join(", ")));
        }
        out.push_str(&format!("~ {}: {}\n", c.old.name, what.join("; ")));
    }
    out.push_str(&format!(
        "{} added, {} removed, {} changed, {} unchanged",
        d.added.len(),
        d.removed.len(),
        d.changed.len(),
        d.unchanged
    ));
    output::line(&out)?;
    Ok(ExitStatus::Success)
}
