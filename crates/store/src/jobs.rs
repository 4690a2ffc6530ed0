//! The job table: work the servers do in the background (feed imports). A job is queued by a
//! [`Change`] (audited by the caller), claimed by one worker — on PostgreSQL with
//! `FOR UPDATE SKIP LOCKED`, so several servers on one database share the queue without taking
//! a job twice; on SQLite the single writer serialises claims — and finished with its result
//! or error. A job whose worker vanished (running past the stale time) is claimed again, up to
//! [`MAX_ATTEMPTS`] times.

use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::platform::{count, opt, text};
use crate::{Backend, Change, Page, Paged, Result, Store, db};

/// Claims of one job at most (a worker that dies mid-job leaves it to be claimed again).
pub const MAX_ATTEMPTS: i64 = 3;

/// A job as stored (without its payload).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Job {
    /// Its id.
    pub id: String,
    /// The organisation that queued it.
    pub org: String,
    /// What it does (`import`, `rescan`).
    pub kind: String,
    /// `queued`, `running`, `done` or `failed`.
    pub status: String,
    /// Its parameters (JSON).
    pub input: String,
    /// When it was queued.
    pub created: String,
    /// Who queued it.
    pub created_by: String,
    /// When a worker took it last.
    pub started: Option<String>,
    /// When it finished.
    pub finished: Option<String>,
    /// The worker that took it last.
    pub worker: Option<String>,
    /// How many times it was taken.
    pub attempts: i64,
    /// Its result (JSON), once done.
    pub result: Option<String>,
    /// Why it failed.
    pub error: Option<String>,
}

const JOB: &str = "id, org, kind, status, input, created, created_by, started, finished, worker, \
     attempts, result, error";

fn job_of(row: &AnyRow) -> Result<Job> {
    Ok(Job {
        id: text(row, 0, "a job")?,
        org: text(row, 1, "a job")?,
        kind: text(row, 2, "a job")?,
        status: text(row, 3, "a job")?,
        input: text(row, 4, "a job")?,
        created: text(row, 5, "a job")?,
        created_by: text(row, 6, "a job")?,
        started: opt(row, 7, "a job")?,
        finished: opt(row, 8, "a job")?,
        worker: opt(row, 9, "a job")?,
        attempts: row.try_get(10).map_err(db("reading a job"))?,
        result: opt(row, 11, "a job")?,
        error: opt(row, 12, "a job")?,
    })
}

impl Change {
    /// Queues a job with its payload (an uploaded file).
    pub async fn insert_job(&mut self, job: &Job, payload: Option<&[u8]>) -> Result<()> {
        sqlx::query(
            "INSERT INTO job (id, org, kind, status, input, payload, created, created_by, attempts) \
             VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7, 0)",
        )
        .bind(job.id.clone())
        .bind(job.org.clone())
        .bind(job.kind.clone())
        .bind(job.input.clone())
        .bind(payload.map(<[u8]>::to_vec))
        .bind(job.created.clone())
        .bind(job.created_by.clone())
        .execute(&mut *self.tx)
        .await
        .map_err(db("queueing a job"))?;
        Ok(())
    }
}

impl Store {
    /// Takes the oldest queued job (or one whose worker has been silent since `stale_before`)
    /// for `worker`, with its payload.
    pub async fn claim_job(
        &self,
        worker: &str,
        now: &str,
        stale_before: &str,
    ) -> Result<Option<(Job, Option<Vec<u8>>)>> {
        let lock = match self.backend {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE job SET status = 'running', worker = $1, started = $2, \
             attempts = attempts + 1 WHERE id = (SELECT id FROM job WHERE status = 'queued' \
             OR (status = 'running' AND started < $3 AND attempts < {MAX_ATTEMPTS}) \
             ORDER BY created, id LIMIT 1{lock}) RETURNING {JOB}, payload"
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(worker.to_owned())
            .bind(now.to_owned())
            .bind(stale_before.to_owned())
            .fetch_optional(&self.pool)
            .await
            .map_err(db("claiming a job"))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let payload: Option<Vec<u8>> = row.try_get(13).map_err(db("reading a job's payload"))?;
        Ok(Some((job_of(&row)?, payload)))
    }

    /// Records a job's end (`done` with a result, or `failed` with an error) and drops its
    /// payload; false when the job is no longer this worker's.
    pub async fn finish_job(
        &self,
        id: &str,
        worker: &str,
        status: &str,
        result: Option<&str>,
        error: Option<&str>,
        now: &str,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE job SET status = $1, result = $2, error = $3, finished = $4, payload = NULL \
             WHERE id = $5 AND worker = $6 AND status = 'running'",
        )
        .bind(status.to_owned())
        .bind(result.map(str::to_owned))
        .bind(error.map(str::to_owned))
        .bind(now.to_owned())
        .bind(id.to_owned())
        .bind(worker.to_owned())
        .execute(&self.pool)
        .await
        .map_err(db("finishing a job"))?;
        Ok(done.rows_affected() == 1)
    }

    /// A job of an organisation.
    pub async fn job(&self, org: &str, id: &str) -> Result<Option<Job>> {
        sqlx::query(AssertSqlSafe(format!(
            "SELECT {JOB} FROM job WHERE org = $1 AND id = $2"
        )))
        .bind(org.to_owned())
        .bind(id.to_owned())
        .fetch_optional(&self.pool)
        .await
        .map_err(db("reading a job"))?
        .as_ref()
        .map(job_of)
        .transpose()
    }

    /// A page of an organisation's jobs, newest first.
    pub async fn jobs(&self, org: &str, page: Page) -> Result<Paged<Job>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {JOB} FROM job WHERE org = $1 ORDER BY created DESC, id DESC LIMIT $2 OFFSET $3"
        )))
        .bind(org.to_owned())
        .bind(i64::from(page.limit))
        .bind(i64::try_from(page.offset).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading jobs"))?;
        let items = rows.iter().map(job_of).collect::<Result<Vec<_>>>()?;
        let row = sqlx::query("SELECT COUNT(*) FROM job WHERE org = $1")
            .bind(org.to_owned())
            .fetch_one(&self.pool)
            .await
            .map_err(db("counting jobs"))?;
        Ok(Paged {
            items,
            total: count(&row, 0, "jobs")?,
        })
    }
}
