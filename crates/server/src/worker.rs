//! The job worker: takes queued jobs (feed imports) from the database and runs them, until
//! the server stops. Several servers on one PostgreSQL database each run workers; the claim
//! (`FOR UPDATE SKIP LOCKED`) gives every job to one of them.

use std::time::Duration;

use crate::AppState;

/// How long an idle worker waits before looking again (a job queued through this server
/// wakes it at once).
pub const POLL: Duration = Duration::from_millis(500);

/// This worker's name in the job table: host, process and number.
pub fn name(index: u32) -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "host".to_owned());
    format!("{host}:{}:{index}", std::process::id())
}

/// Runs jobs until `stop` turns true.
pub async fn run(state: AppState, index: u32, mut stop: tokio::sync::watch::Receiver<bool>) {
    let worker = name(index);
    tracing::info!(%worker, "job worker started");
    loop {
        if *stop.borrow() {
            break;
        }
        match medcyber_core::jobs::run_next(&state.store, &worker).await {
            Ok(Some(job)) => {
                tracing::info!(job = %job.id, status = %job.status, %worker, "job finished");
                continue;
            }
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, %worker, "the job queue failed"),
        }
        tokio::select! {
            () = state.jobs_queued.notified() => {}
            () = tokio::time::sleep(POLL) => {}
            _ = stop.changed() => {}
        }
    }
    tracing::info!(%worker, "job worker stopped");
}
