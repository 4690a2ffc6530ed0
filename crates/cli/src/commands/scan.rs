//! `medcyber scan SBOM`.

use medcyber_model::{Confidence, Finding, Severity};

use crate::ExitStatus;
use crate::args::ScanArgs;
use crate::commands::db::{location, open, runtime};
use crate::commands::sbom::load;
use crate::output;

/// Runs `medcyber scan`.
pub fn run(args: ScanArgs) -> anyhow::Result<ExitStatus> {
    let sbom = load(&args.file, &args.read)?;
    // VEX and ignore files are read before the database is touched: a broken one stops here.
    let vex = medcyber_core::suppress::read_vex(&args.vex)?;
    let rules = match &args.ignore {
        Some(p) => medcyber_core::suppress::read_ignore(p)?,
        None => Vec::new(),
    };
    let location = location(&args.location)?;
    let mut report = runtime()?.block_on(async {
        let store = open(&location).await?;
        let report = medcyber_core::scan(&store, &sbom).await;
        store.close().await;
        report.map_err(anyhow::Error::from)
    })?;
    let min = match args.min_confidence.as_str() {
        "high" => Confidence::High,
        "medium" => Confidence::Medium,
        _ => Confidence::Low,
    };
    report.findings.retain(|f| f.confidence >= min);
    let today = jiff::Zoned::now().date();
    for warning in medcyber_core::suppress::apply(&mut report.findings, &sbom, &vex, &rules, today)
    {
        output::note("warning", &warning);
    }
    let failing = report
        .findings
        .iter()
        .filter(|f| f.suppressed_by.is_none())
        .any(|f| reaches(f, args.fail_on.as_deref()));
    if args.format == "json" {
        output::json(&serde_json::to_value(&report)?)?;
    } else if let Some(format) = medcyber_publish::Format::parse(&args.format) {
        let author = args.author.clone().unwrap_or_else(|| {
            sbom.supplier
                .as_ref()
                .or(sbom.manufacturer.as_ref())
                .and_then(|p| p.name.clone())
                .unwrap_or_else(|| "unknown".to_owned())
        });
        let timestamp = jiff::Timestamp::now()
            .round(jiff::Unit::Second)
            .map(|t| t.to_string())
            .unwrap_or_else(|_| jiff::Timestamp::now().to_string());
        let uri = args.file.display().to_string();
        let ctx = medcyber_publish::Context {
            sbom: &sbom,
            sbom_uri: &uri,
            findings: &report.findings,
            author: &author,
            namespace: &args.namespace,
            timestamp: &timestamp,
            tool_version: env!("CARGO_PKG_VERSION"),
        };
        output::json(&medcyber_publish::write(format, &ctx))?;
    } else {
        table(&report, args.show_suppressed)?;
    }
    Ok(if failing {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn reaches(f: &Finding, fail_on: Option<&str>) -> bool {
    let threshold = match fail_on {
        None => return false,
        Some("kev") => return f.kev,
        Some("critical") => Severity::Critical,
        Some("high") => Severity::High,
        Some("medium") => Severity::Medium,
        Some(_) => Severity::Low,
    };
    f.severity_level.is_some_and(|s| s >= threshold)
}

fn table(report: &medcyber_core::ScanReport, show_suppressed: bool) -> anyhow::Result<()> {
    let rows: Vec<[String; 7]> = report
        .findings
        .iter()
        .filter(|f| show_suppressed || f.suppressed_by.is_none())
        .map(|f| {
            [
                f.severity_level
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_else(|| "Unknown".to_owned()),
                f.vulnerability.id.clone(),
                format!(
                    "{}@{}",
                    f.component.name,
                    f.component.version.as_deref().unwrap_or("?")
                ),
                f.fixed_versions.join(", "),
                if f.kev { "KEV" } else { "" }.to_owned(),
                f.epss
                    .as_ref()
                    .map(|e| format!("{:.3}", e.score))
                    .unwrap_or_default(),
                match &f.suppressed_by {
                    Some(s) => format!(
                        "{} ({} {})",
                        format!("{:?}", f.confidence).to_lowercase(),
                        s.kind,
                        s.justification.as_deref().unwrap_or(&s.status)
                    ),
                    None => format!("{:?}", f.confidence).to_lowercase(),
                },
            ]
        })
        .collect();
    let header = [
        "SEVERITY",
        "VULNERABILITY",
        "COMPONENT",
        "FIXED IN",
        "KEV",
        "EPSS",
        "CONFIDENCE",
    ];
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let fmt = |cells: Vec<&str>| {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:w$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    if !rows.is_empty() {
        output::line(&fmt(header.to_vec()))?;
        for row in &rows {
            output::line(&fmt(row.iter().map(String::as_str).collect()))?;
        }
    }
    let open: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.suppressed_by.is_none())
        .collect();
    let kev = open.iter().filter(|f| f.kev).count();
    let suppressed = report.findings.len() - open.len();
    let suppressed = if suppressed > 0 {
        format!(", {suppressed} more suppressed by VEX or ignore rules")
    } else {
        String::new()
    };
    output::line(&format!(
        "{} findings ({kev} in KEV{suppressed}) in {} components ({} with a purl, CPE or vendor to match); {} candidate advisories",
        open.len(),
        report.components,
        report.identified,
        report.candidates
    ))?;
    for u in &report.undecided {
        output::note(
            "undecided",
            &format!("{} / {}: {}", u.bom_ref, u.vulnerability, u.reason),
        );
    }
    Ok(())
}
