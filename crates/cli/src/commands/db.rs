//! `medcyber db import|status`, and where the database is.

use std::io::IsTerminal as _;

use anyhow::Context as _;
use medcyber_core::FeedSource;
use medcyber_store::{Location, Store};
use serde_json::json;

use crate::ExitStatus;
use crate::args::{DbCommand, DbImportArgs, DbLocationArgs, DbStatusArgs};
use crate::output;

/// Runs a `db` subcommand.
pub fn run(cmd: DbCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        DbCommand::Import(args) => import(args),
        DbCommand::Status(args) => status(args),
    }
}

/// The database location: `--db`, `MEDCYBER_DB`, or `medcyber.db` in the per-user data
/// directory.
pub fn location(args: &DbLocationArgs) -> anyhow::Result<Location> {
    if let Some(db) = &args.db {
        return Ok(Location::parse(db));
    }
    let dir = dirs::data_dir()
        .context("no per-user data directory is known here; pass --db PATH or set MEDCYBER_DB")?;
    Ok(Location::Sqlite(dir.join("medcyber").join("medcyber.db")))
}

/// A single-threaded runtime for the store's async interface.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Opens the store.
pub async fn open(location: &Location) -> anyhow::Result<Store> {
    Store::open(location)
        .await
        .with_context(|| format!("cannot open the database {location}"))
}

fn import(args: DbImportArgs) -> anyhow::Result<ExitStatus> {
    let source = FeedSource::ALL
        .into_iter()
        .find(|s| s.as_str() == args.source)
        .context("unknown source")?;
    let location = location(&args.location)?;
    let bar = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} {pos} records ({per_sec})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.set_message(format!("importing {}", source.as_str()));
        Some(bar)
    } else {
        None
    };
    let started = std::time::Instant::now();
    let report = runtime()?.block_on(async {
        let store = open(&location).await?;
        let mut progress = |n: u64| {
            if let Some(bar) = &bar {
                bar.set_position(n);
            }
        };
        let report = medcyber_core::import_feed(&store, source, &args.paths, &mut progress).await;
        // Into a platform's database: its stored SBOMs are scanned again by the servers'
        // workers, as after an import job.
        let rescans = match &report {
            Ok(r) if r.counts.added + r.counts.updated > 0 => {
                medcyber_core::jobs::queue_rescans_after_import(&store, "cli:db-import")
                    .await
                    .map(|jobs| jobs.len())
            }
            _ => Ok(0),
        };
        store.close().await;
        Ok::<_, anyhow::Error>((report?, rescans?))
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let (report, rescans) = report?;
    let elapsed = started.elapsed().as_secs_f64();
    for e in &report.errors {
        output::note("skipped", e);
    }
    if rescans > 0 {
        output::note(
            "queued",
            &format!(
                "a re-scan of the stored SBOMs of {rescans} organisation(s), run by the servers' job workers"
            ),
        );
    }
    let c = &report.counts;
    if args.format == "json" {
        output::json(&json!({
            "source": report.source,
            "database": location.to_string(),
            "added": c.added, "updated": c.updated, "unchanged": c.unchanged, "errors": c.errors,
            "rescans_queued": rescans,
            "seconds": (elapsed * 1000.0).round() / 1000.0,
        }))?;
    } else {
        output::line(&format!(
            "{}: {} added, {} updated, {} unchanged, {} broken records skipped ({elapsed:.1} s) into {location}",
            report.source, c.added, c.updated, c.unchanged, c.errors
        ))?;
    }
    Ok(if c.errors > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn status(args: DbStatusArgs) -> anyhow::Result<ExitStatus> {
    let location = location(&args.location)?;
    let status = runtime()?.block_on(async {
        let store = open(&location).await?;
        let status = store.status(&location).await;
        store.close().await;
        status.map_err(anyhow::Error::from)
    })?;
    if args.format == "json" {
        output::json(&serde_json::to_value(&status)?)?;
        return Ok(ExitStatus::Success);
    }
    output::line(&format!("database: {}", status.location))?;
    if status.sources.is_empty() {
        output::line("advisories: none (import some with `medcyber db import`)")?;
    }
    for (source, count, withdrawn) in &status.sources {
        output::line(&format!(
            "advisories ({source}): {count} ({withdrawn} withdrawn)"
        ))?;
    }
    output::line(&format!(
        "KEV entries: {}{}",
        status.kev,
        status
            .kev_latest
            .as_deref()
            .map(|d| format!(" (newest added {d})"))
            .unwrap_or_default()
    ))?;
    output::line(&format!(
        "EPSS scores: {}{}",
        status.epss,
        status
            .epss_date
            .as_deref()
            .map(|d| format!(" (scored {d})"))
            .unwrap_or_default()
    ))?;
    for (finished, source, c) in &status.imports {
        output::line(&format!(
            "import {finished} {source}: {} added, {} updated, {} unchanged, {} errors",
            c.added, c.updated, c.unchanged, c.errors
        ))?;
    }
    Ok(ExitStatus::Success)
}
