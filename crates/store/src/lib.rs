//! Persistence for medcyber: one interface, two backends.
//!
//! [`Store`] runs the same SQL on SQLite (the embedded default: one file, WAL mode, nothing to
//! install) and PostgreSQL (several users, several servers), through sqlx's `Any` driver with
//! `$N` placeholders. Backend-specific SQL appears only where the dialects truly differ (a JSON
//! array of lookup keys is unpacked with `json_each` on SQLite and `jsonb_array_elements` on
//! PostgreSQL).
//!
//! Advisory data: every source's record is stored whole (its JSON), keyed `source:id`, with the
//! digest that makes re-imports incremental, its aliases, the lookup keys the matcher gave it,
//! and its *match view* — only what matching reads (id, withdrawn, aliases, affected) — so a
//! scan reads a fraction of the data for its candidates and whole records only for findings. A
//! feed import ([`Store::import`]) is one transaction: killed at any moment, the previous
//! state stays intact, and a re-run completes it.
//!
//! Platform data (organisations, users, tokens, products, versions, SBOM documents, findings,
//! the audit log): reads are scoped by organisation; every write is a [`Change`], one
//! transaction that holds the audit log's head and appends the change's audit event.
#![deny(missing_docs)]

mod dashboard;
mod jobs;
mod lifecycle;
mod platform;
mod risk;
mod schema;
mod session;

pub use dashboard::{Counts, EpssRow, UploadCounts};
pub use jobs::{Job, MAX_ATTEMPTS};
pub use lifecycle::{LifecycleRow, SupportRow};
pub use platform::{
    AuditHead, AuditRow, Change, FindingFilter, FindingKey, FindingSort, NewSbom, Page, Paged,
    SbomRecord, StoredFinding, TokenOwner, UNANALYSED,
};
pub use risk::RiskRow;
pub use session::SessionOwner;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use medcyber_model::Advisory;
use medcyber_model::advisory::{EpssScore, KevEntry};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, AssertSqlSafe, Row};

/// A store error, with what was being done.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed.
    #[error("{context}: {source}")]
    Database {
        /// What was being done.
        context: String,
        /// The driver's error.
        #[source]
        source: sqlx::Error,
    },
    /// A stored record could not be read back.
    #[error("stored record `{key}` is unreadable: {message}")]
    Corrupt {
        /// The record's key.
        key: String,
        /// What is wrong.
        message: String,
    },
    /// The location is unusable.
    #[error("{0}")]
    Location(String),
    /// A unique name is taken: a `what` (`product`, `product version`, `user`, ...) with that
    /// name exists.
    #[error("a {what} with that name already exists")]
    Conflict {
        /// What kind of object.
        what: String,
    },
}

type Result<T> = std::result::Result<T, StoreError>;

fn db(context: impl Into<String>) -> impl FnOnce(sqlx::Error) -> StoreError {
    let context = context.into();
    move |source| StoreError::Database { context, source }
}

/// Which database engine a store runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// SQLite (embedded).
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// Where a store lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A SQLite database file (created with its directory when missing).
    Sqlite(PathBuf),
    /// A PostgreSQL URL (`postgres://user@host:port/db`).
    Postgres(String),
}

impl Location {
    /// `postgres://` and `postgresql://` URLs are PostgreSQL; `sqlite://PATH` and any other
    /// text is a SQLite file path.
    pub fn parse(text: &str) -> Location {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Location::Postgres(text.to_owned())
        } else {
            let path = text.strip_prefix("sqlite://").unwrap_or(text);
            Location::Sqlite(PathBuf::from(path))
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Sqlite(p) => write!(f, "{}", p.display()),
            Location::Postgres(url) => {
                // Never print a password.
                match url.split_once('@') {
                    Some((creds, rest))
                        if creds.contains(':') && creds.matches(':').count() > 1 =>
                    {
                        let scheme_user = creds.rsplit_once(':').map_or(creds, |(a, _)| a);
                        write!(f, "{scheme_user}:***@{rest}")
                    }
                    _ => f.write_str(url),
                }
            }
        }
    }
}

/// A lookup key the matcher gave an advisory (or a component).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IndexKey {
    /// `package` or `cpe`.
    pub kind: &'static str,
    /// Ecosystem or CPE vendor.
    pub first: String,
    /// Package name or CPE product.
    pub second: String,
}

/// An advisory made ready to write: serialised (the whole record and its match view), hashed
/// and keyed. This is CPU work that needs no database, so the feed import does it on the reader
/// thread while the store writes the previous batch.
#[derive(Clone, Debug)]
pub struct PreparedAdvisory {
    id: String,
    modified: String,
    withdrawn: String,
    aliases: Vec<String>,
    keys: Vec<IndexKey>,
    digest: String,
    record: String,
    matching: String,
}

impl PreparedAdvisory {
    /// Prepares an advisory and its lookup keys for [`Import::prepared`].
    pub fn new(advisory: &Advisory, keys: Vec<IndexKey>) -> Result<PreparedAdvisory> {
        let corrupt = |e: serde_json::Error| StoreError::Corrupt {
            key: advisory.id.clone(),
            message: e.to_string(),
        };
        let record = serde_json::to_string(advisory).map_err(corrupt)?;
        let digest = blake3::hash(record.as_bytes()).to_hex().to_string();
        let matching = serde_json::to_string(&Advisory {
            id: advisory.id.clone(),
            source: advisory.source,
            withdrawn: advisory.withdrawn.clone(),
            aliases: advisory.aliases.clone(),
            affected: advisory.affected.clone(),
            ..Advisory::default()
        })
        .map_err(corrupt)?;
        Ok(PreparedAdvisory {
            id: advisory.id.clone(),
            modified: advisory.modified.clone().unwrap_or_default(),
            withdrawn: advisory.withdrawn.clone().unwrap_or_default(),
            aliases: advisory.aliases.clone(),
            keys,
            digest,
            record,
            matching,
        })
    }
}

/// The data store.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

/// What one advisory write did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// A record not seen before.
    Added,
    /// A changed record replaced the stored one.
    Updated,
    /// The same record was already stored; nothing written.
    Unchanged,
}

/// Counts of one import.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportCounts {
    /// New records.
    pub added: u64,
    /// Changed records.
    pub updated: u64,
    /// Records already stored unchanged.
    pub unchanged: u64,
    /// Broken records reported and skipped.
    pub errors: u64,
}

/// Advisories stored per source, and exploitation data.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Status {
    /// Where the store is.
    pub location: String,
    /// `(source, advisories, withdrawn)`.
    pub sources: Vec<(String, u64, u64)>,
    /// KEV entries.
    pub kev: u64,
    /// The newest KEV `dateAdded`.
    pub kev_latest: Option<String>,
    /// EPSS scores.
    pub epss: u64,
    /// The EPSS score date.
    pub epss_date: Option<String>,
    /// The last imports, newest first: `(finished, source, counts)`.
    pub imports: Vec<(String, String, ImportCounts)>,
}

const ADVISORY_BATCH: usize = 400;
const KEY_BATCH: usize = 1000;
const SCORE_BATCH: usize = 1000;

impl Store {
    /// Opens (creating when missing) the store at `location` and brings its schema up to date.
    pub async fn open(location: &Location) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (url, backend) = match location {
            Location::Sqlite(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        StoreError::Location(format!("cannot create {}: {e}", dir.display()))
                    })?;
                }
                (sqlite_url(path)?, Backend::Sqlite)
            }
            Location::Postgres(url) => (url.clone(), Backend::Postgres),
        };
        let options = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 8 })
            .acquire_timeout(Duration::from_secs(30));
        let options = if backend == Backend::Sqlite {
            options.after_connect(|conn, _| {
                Box::pin(async move {
                    sqlx::raw_sql(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                         PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON; \
                         PRAGMA mmap_size = 268435456; PRAGMA cache_size = -65536; \
                         PRAGMA temp_store = MEMORY;",
                    )
                    .execute(conn)
                    .await?;
                    Ok(())
                })
            })
        } else {
            options
        };
        let pool = options
            .connect(&url)
            .await
            .map_err(db(format!("cannot open the store at {location}")))?;
        let store = Store { pool, backend };
        store.migrate().await?;
        Ok(store)
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    async fn migrate(&self) -> Result<()> {
        // Servers starting together on one PostgreSQL database migrate one after the other.
        let mut tx = self.pool.begin().await.map_err(db("migrating"))?;
        self.lock(&mut tx, "medcyber-migrate").await?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied TEXT NOT NULL)",
        )
        .execute(&mut *tx)
        .await
        .map_err(db("creating the migrations table"))?;
        tx.commit()
            .await
            .map_err(db("creating the migrations table"))?;
        for (version, sql) in schema::MIGRATIONS {
            let mut tx = self.pool.begin().await.map_err(db("migrating"))?;
            self.lock(&mut tx, "medcyber-migrate").await?;
            let done: i64 =
                sqlx::query("SELECT COUNT(*) FROM schema_migrations WHERE version = $1")
                    .bind(*version)
                    .fetch_one(&mut *tx)
                    .await
                    .and_then(|r| r.try_get(0))
                    .map_err(db("reading the schema version"))?;
            if done > 0 {
                continue;
            }
            sqlx::raw_sql(*sql)
                .execute(&mut *tx)
                .await
                .map_err(db(format!("applying migration {version}")))?;
            sqlx::query("INSERT INTO schema_migrations (version, applied) VALUES ($1, $2)")
                .bind(*version)
                .bind(now())
                .execute(&mut *tx)
                .await
                .map_err(db(format!("recording migration {version}")))?;
            tx.commit()
                .await
                .map_err(db(format!("committing migration {version}")))?;
        }
        Ok(())
    }

    /// On PostgreSQL, a transaction-scoped advisory lock named `name` (released at commit or
    /// rollback); SQLite's single writer needs none.
    async fn lock(&self, tx: &mut sqlx::Transaction<'static, sqlx::Any>, name: &str) -> Result<()> {
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))::TEXT")
                .bind(name.to_owned())
                .execute(&mut **tx)
                .await
                .map_err(db("taking an advisory lock"))?;
        }
        Ok(())
    }

    /// Starts an import of `source` (`osv`, `nvd`, `kev`, ...): one transaction until
    /// [`Import::commit`]. `inputs` names what is read, for the import log.
    pub async fn import(&self, source: &str, inputs: &str) -> Result<Import> {
        let mut tx = self.pool.begin().await.map_err(db("starting the import"))?;
        // Two servers importing the same source take turns (their digests would race).
        self.lock(&mut tx, &format!("medcyber-import-{source}"))
            .await?;
        let mut existing = HashMap::new();
        let mut rows = sqlx::query("SELECT key, digest FROM advisory WHERE source = $1")
            .bind(source.to_owned())
            .fetch_all(&mut *tx)
            .await
            .map_err(db("reading stored digests"))?
            .into_iter();
        for row in rows.by_ref() {
            let key: String = row.try_get(0).map_err(db("reading stored digests"))?;
            let digest: String = row.try_get(1).map_err(db("reading stored digests"))?;
            existing.insert(key, digest);
        }
        Ok(Import {
            tx,
            pool: self.pool.clone(),
            backend: self.backend,
            source: source.to_owned(),
            inputs: inputs.to_owned(),
            started: now(),
            existing,
            advisories: Vec::new(),
            keys: Vec::new(),
            aliases: Vec::new(),
            replaced: Vec::new(),
            kev: Vec::new(),
            epss: Vec::new(),
            counts: ImportCounts::default(),
        })
    }

    /// The candidates stored under any of `keys`, each once and in key order, as `(key, match
    /// view)`: the match
    /// view holds the id, source, withdrawn time, aliases and affected entries only (withdrawn
    /// records included; the matcher skips them). [`Store::advisories_by_keys`] reads the whole
    /// records of the ones that matched.
    pub async fn candidates_for(&self, keys: &[IndexKey]) -> Result<Vec<(String, Advisory)>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let json = serde_json::to_string(
            &keys
                .iter()
                .map(|k| [k.kind, k.first.as_str(), k.second.as_str()])
                .collect::<Vec<_>>(),
        )
        .map_err(|e| StoreError::Location(e.to_string()))?;
        // One row holding every candidate, `key US view` joined by RS: the drivers hand rows
        // over one by one through a channel, which costs more than the lookup itself when
        // there are tens of thousands (JSON text cannot hold raw US/RS control characters).
        let sql = match self.backend {
            Backend::Sqlite => {
                "SELECT group_concat(a.key || char(31) || a.matching, char(30)) \
                 FROM json_each($1) j \
                 JOIN advisory_key k ON k.kind = j.value ->> 0 AND k.first = j.value ->> 1 \
                 AND k.second = j.value ->> 2 JOIN advisory a ON a.key = k.advisory"
            }
            Backend::Postgres => {
                "SELECT string_agg(a.key || chr(31) || a.matching, chr(30)) \
                 FROM jsonb_array_elements($1::jsonb) j \
                 JOIN advisory_key k ON k.kind = j ->> 0 AND k.first = j ->> 1 \
                 AND k.second = j ->> 2 JOIN advisory a ON a.key = k.advisory"
            }
        };
        let joined: Option<String> = sqlx::query(sql)
            .bind(json)
            .fetch_one(&self.pool)
            .await
            .and_then(|row| row.try_get(0))
            .map_err(db("looking advisories up"))?;
        let joined = joined.unwrap_or_default();
        // An advisory found under several keys comes once (deduplicated here rather than by
        // `DISTINCT`, which makes SQLite build and spill a temporary B-tree of every row).
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for item in joined.split('\u{1e}').filter(|i| !i.is_empty()) {
            let Some((key, view)) = item.split_once('\u{1f}') else {
                return Err(StoreError::Corrupt {
                    key: item.chars().take(60).collect(),
                    message: "a candidate row without its separator".to_owned(),
                });
            };
            if seen.insert(key) {
                let advisory = serde_json::from_str(view).map_err(|e| StoreError::Corrupt {
                    key: key.to_owned(),
                    message: e.to_string(),
                })?;
                out.push((key.to_owned(), advisory));
            }
        }
        // In key order whatever plan the database chose: a scan's findings (which advisory of
        // an alias group names one, say) must not change from one run to the next.
        out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// The whole stored records of the given keys (`source:id`), by key.
    pub async fn advisories_by_keys(&self, keys: &[String]) -> Result<HashMap<String, Advisory>> {
        let rows = self
            .by_cves("SELECT key, record FROM advisory WHERE key IN", keys)
            .await?;
        rows.iter()
            .map(|row| {
                let key: String = row.try_get(0).map_err(db("reading an advisory"))?;
                Ok((key, advisory_of(row)?))
            })
            .collect()
    }

    /// Every stored advisory of a source, or of all sources (for the reverse match and exports).
    pub async fn advisories(&self, source: Option<&str>) -> Result<Vec<Advisory>> {
        let rows = match source {
            Some(s) => {
                sqlx::query("SELECT key, record FROM advisory WHERE source = $1 ORDER BY key")
                    .bind(s.to_owned())
                    .fetch_all(&self.pool)
                    .await
            }
            None => {
                sqlx::query("SELECT key, record FROM advisory ORDER BY key")
                    .fetch_all(&self.pool)
                    .await
            }
        }
        .map_err(db("reading advisories"))?;
        rows.iter().map(advisory_of).collect()
    }

    /// The stored advisories with `id` or with `id` among their aliases (every source's record of
    /// one vulnerability).
    pub async fn vulnerability(&self, id: &str) -> Result<Vec<Advisory>> {
        let rows = sqlx::query(
            "SELECT key, record FROM advisory WHERE id = $1 OR key IN \
             (SELECT advisory FROM advisory_alias WHERE alias = $1) ORDER BY key",
        )
        .bind(id.to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading a vulnerability"))?;
        rows.iter().map(advisory_of).collect()
    }

    /// The stored records (of every source) whose id is one of `ids`: the other sources' views
    /// of the vulnerabilities a scan found.
    pub async fn advisories_by_ids(&self, ids: &[String]) -> Result<Vec<Advisory>> {
        let rows = self
            .by_cves("SELECT key, record FROM advisory WHERE id IN", ids)
            .await?;
        rows.iter().map(advisory_of).collect()
    }

    /// KEV entries of the given CVE ids.
    pub async fn kev_for(&self, cves: &[String]) -> Result<HashMap<String, KevEntry>> {
        let rows = self
            .by_cves("SELECT cve, record FROM kev WHERE cve IN", cves)
            .await?;
        let mut out = HashMap::new();
        for row in rows {
            let cve: String = row.try_get(0).map_err(db("reading KEV"))?;
            let record: String = row.try_get(1).map_err(db("reading KEV"))?;
            let entry = serde_json::from_str(&record).map_err(|e| StoreError::Corrupt {
                key: cve.clone(),
                message: e.to_string(),
            })?;
            out.insert(cve, entry);
        }
        Ok(out)
    }

    /// EPSS scores of the given CVE ids.
    pub async fn epss_for(&self, cves: &[String]) -> Result<HashMap<String, EpssScore>> {
        let rows = self
            .by_cves(
                "SELECT cve, score, percentile, date FROM epss WHERE cve IN",
                cves,
            )
            .await?;
        let mut out = HashMap::new();
        for row in rows {
            let score = EpssScore {
                cve: row.try_get(0).map_err(db("reading EPSS"))?,
                score: row.try_get(1).map_err(db("reading EPSS"))?,
                percentile: row.try_get(2).map_err(db("reading EPSS"))?,
                date: row.try_get(3).map_err(db("reading EPSS"))?,
            };
            out.insert(score.cve.clone(), score);
        }
        Ok(out)
    }

    /// Runs `select` followed by ` (the ids)`, the ids bound as one JSON array.
    async fn by_cves(&self, select: &str, cves: &[String]) -> Result<Vec<AnyRow>> {
        if cves.is_empty() {
            return Ok(Vec::new());
        }
        let json = serde_json::to_string(cves).map_err(|e| StoreError::Location(e.to_string()))?;
        let list = match self.backend {
            Backend::Sqlite => "(SELECT value FROM json_each($1))",
            Backend::Postgres => "(SELECT jsonb_array_elements_text($1::jsonb))",
        };
        sqlx::query(AssertSqlSafe(format!("{select} {list}")))
            .bind(json)
            .fetch_all(&self.pool)
            .await
            .map_err(db("reading records by id"))
    }

    /// What the store holds.
    pub async fn status(&self, location: &Location) -> Result<Status> {
        let mut status = Status {
            location: location.to_string(),
            ..Status::default()
        };
        let rows = sqlx::query(
            "SELECT source, COUNT(*), SUM(CASE WHEN withdrawn IS NULL THEN 0 ELSE 1 END) \
             FROM advisory GROUP BY source ORDER BY source",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db("counting advisories"))?;
        for row in rows {
            let source: String = row.try_get(0).map_err(db("counting advisories"))?;
            let count: i64 = row.try_get(1).map_err(db("counting advisories"))?;
            let withdrawn: i64 = row.try_get(2).map_err(db("counting advisories"))?;
            status
                .sources
                .push((source, count.unsigned_abs(), withdrawn.unsigned_abs()));
        }
        (status.kev, status.kev_latest) = self.count_and_latest("kev", "date_added").await?;
        (status.epss, status.epss_date) = self.count_and_latest("epss", "date").await?;
        let rows = sqlx::query(
            "SELECT finished, source, added, updated, unchanged, errors FROM feed_import \
             ORDER BY finished DESC LIMIT 10",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading the import log"))?;
        for row in rows {
            let n = |i: usize| -> Result<u64> {
                Ok(row
                    .try_get::<i64, _>(i)
                    .map_err(db("reading the import log"))?
                    .unsigned_abs())
            };
            status.imports.push((
                row.try_get(0).map_err(db("reading the import log"))?,
                row.try_get(1).map_err(db("reading the import log"))?,
                ImportCounts {
                    added: n(2)?,
                    updated: n(3)?,
                    unchanged: n(4)?,
                    errors: n(5)?,
                },
            ));
        }
        Ok(status)
    }

    /// The rows of `table` and the greatest `column` (a fixed table and column of this schema).
    async fn count_and_latest(
        &self,
        table: &'static str,
        column: &'static str,
    ) -> Result<(u64, Option<String>)> {
        let context = format!("counting {table}");
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT COUNT(*), MAX({column}) FROM {table}"
        )))
        .fetch_one(&self.pool)
        .await
        .map_err(db(context.clone()))?;
        let count: i64 = row.try_get(0).map_err(db(context.clone()))?;
        Ok((count.unsigned_abs(), row.try_get(1).map_err(db(context))?))
    }

    /// Closes the pool (waits for connections to finish).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn advisory_of(row: &AnyRow) -> Result<Advisory> {
    let key: String = row.try_get(0).map_err(db("reading an advisory"))?;
    let record: String = row.try_get(1).map_err(db("reading an advisory"))?;
    serde_json::from_str(&record).map_err(|e| StoreError::Corrupt {
        key,
        message: e.to_string(),
    })
}

fn sqlite_url(path: &Path) -> Result<String> {
    let text = path
        .to_str()
        .ok_or_else(|| StoreError::Location(format!("{} is not valid UTF-8", path.display())))?;
    Ok(format!("sqlite://{text}?mode=rwc"))
}

/// The current time, RFC 3339 UTC with seconds.
pub fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    rfc3339(secs)
}

/// The current time, RFC 3339 UTC with microseconds (`2026-12-04T14:45:43.123456Z`): fixed
/// width, so that text order is time order (for the audit log and analyses).
pub fn now_micros() -> String {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = rfc3339(since.as_secs());
    format!(
        "{}.{:06}Z",
        secs.trim_end_matches('Z'),
        since.subsec_micros()
    )
}

/// Seconds since the epoch as RFC 3339 UTC (`1970-01-01T00:00:00Z`).
fn rfc3339(secs: u64) -> String {
    let days = secs / 86_400;
    let rem = secs % 86_400;
    // Civil date from days since the epoch (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// An import in progress: one transaction. Dropping it without [`Import::commit`] rolls
/// everything back.
pub struct Import {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    pool: AnyPool,
    backend: Backend,
    source: String,
    inputs: String,
    started: String,
    existing: HashMap<String, String>,
    advisories: Vec<[String; 7]>,
    keys: Vec<[String; 4]>,
    aliases: Vec<[String; 2]>,
    replaced: Vec<String>,
    kev: Vec<[String; 3]>,
    epss: Vec<(String, f64, f64, Option<String>)>,
    counts: ImportCounts,
}

impl Import {
    /// Writes an advisory with its lookup keys, unless the same record is already stored.
    pub async fn advisory(&mut self, advisory: &Advisory, keys: &[IndexKey]) -> Result<Written> {
        self.prepared(PreparedAdvisory::new(advisory, keys.to_vec())?)
            .await
    }

    /// Writes an advisory prepared by [`PreparedAdvisory::new`] (possibly on another thread),
    /// unless the same record is already stored.
    pub async fn prepared(&mut self, advisory: PreparedAdvisory) -> Result<Written> {
        let PreparedAdvisory {
            id,
            modified,
            withdrawn,
            aliases,
            keys,
            digest,
            record,
            matching,
        } = advisory;
        let key = format!("{}:{}", self.source, id);
        if self.existing.get(&key) == Some(&digest) {
            self.counts.unchanged += 1;
            return Ok(Written::Unchanged);
        }
        // `existing` also holds what this run wrote, so a record repeated in the feed replaces
        // its earlier copy.
        let written = if self.existing.contains_key(&key) {
            Written::Updated
        } else {
            Written::Added
        };
        if written == Written::Updated {
            // Drop the previous keys and aliases (pending rows of this run included).
            self.flush().await?;
            self.replaced.push(key.clone());
            self.counts.updated += 1;
        } else {
            self.counts.added += 1;
        }
        self.existing.insert(key.clone(), digest.clone());
        for alias in aliases {
            self.aliases.push([key.clone(), alias]);
        }
        for k in keys {
            self.keys
                .push([k.kind.to_owned(), k.first, k.second, key.clone()]);
        }
        self.advisories
            .push([key, id, modified, withdrawn, digest, record, matching]);
        if self.advisories.len() >= ADVISORY_BATCH || self.keys.len() >= KEY_BATCH * 4 {
            self.flush().await?;
        }
        Ok(written)
    }

    /// Writes a KEV entry (replacing the stored one of the same CVE).
    pub async fn kev(&mut self, entry: &KevEntry) -> Result<()> {
        let record = serde_json::to_string(entry).map_err(|e| StoreError::Corrupt {
            key: entry.cve.clone(),
            message: e.to_string(),
        })?;
        self.kev
            .push([entry.cve.clone(), entry.date_added.clone(), record]);
        self.counts.added += 1;
        if self.kev.len() >= SCORE_BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    /// Writes an EPSS score (replacing the stored one of the same CVE).
    pub async fn epss(&mut self, score: &EpssScore) -> Result<()> {
        self.epss.push((
            score.cve.clone(),
            score.score,
            score.percentile,
            score.date.clone(),
        ));
        self.counts.added += 1;
        if self.epss.len() >= SCORE_BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    /// Counts a broken record of the feed (reported by the reader, skipped).
    pub fn error(&mut self) {
        self.counts.errors += 1;
    }

    /// The counts so far.
    pub fn counts(&self) -> &ImportCounts {
        &self.counts
    }

    async fn flush(&mut self) -> Result<()> {
        for key in std::mem::take(&mut self.replaced) {
            for sql in [
                "DELETE FROM advisory_key WHERE advisory = $1",
                "DELETE FROM advisory_alias WHERE advisory = $1",
            ] {
                sqlx::query(sql)
                    .bind(key.clone())
                    .execute(&mut *self.tx)
                    .await
                    .map_err(db("replacing an advisory"))?;
            }
        }
        let advisories = std::mem::take(&mut self.advisories);
        for chunk in advisories.chunks(ADVISORY_BATCH) {
            let sql = insert_sql(
                self.backend,
                "INSERT INTO advisory (key, source, id, modified, withdrawn, digest, record, matching) VALUES ",
                8,
                chunk.len(),
                " ON CONFLICT (key) DO UPDATE SET id = excluded.id, modified = excluded.modified, \
                 withdrawn = excluded.withdrawn, digest = excluded.digest, record = excluded.record, \
                 matching = excluded.matching",
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for [key, id, modified, withdrawn, digest, record, matching] in chunk {
                q = q
                    .bind(key.clone())
                    .bind(self.source.clone())
                    .bind(id.clone())
                    .bind(non_empty(modified))
                    .bind(non_empty(withdrawn))
                    .bind(digest.clone())
                    .bind(record.clone())
                    .bind(matching.clone());
            }
            q.execute(&mut *self.tx)
                .await
                .map_err(db("writing advisories"))?;
        }
        let keys = std::mem::take(&mut self.keys);
        self.insert_text_rows(
            "INSERT INTO advisory_key (kind, first, second, advisory) VALUES ",
            &keys,
            "",
            "writing lookup keys",
        )
        .await?;
        let aliases = std::mem::take(&mut self.aliases);
        self.insert_text_rows(
            "INSERT INTO advisory_alias (advisory, alias) VALUES ",
            &aliases,
            "",
            "writing aliases",
        )
        .await?;
        let kev = last_per_key(&std::mem::take(&mut self.kev), |r| &r[0]);
        self.insert_text_rows(
            "INSERT INTO kev (cve, date_added, record) VALUES ",
            &kev,
            " ON CONFLICT (cve) DO UPDATE SET date_added = excluded.date_added, record = excluded.record",
            "writing KEV entries",
        )
        .await?;
        let epss = std::mem::take(&mut self.epss);
        for chunk in epss.chunks(SCORE_BATCH) {
            let chunk = last_per_key(chunk, |r| &r.0);
            let sql = insert_sql(
                self.backend,
                "INSERT INTO epss (cve, score, percentile, date) VALUES ",
                4,
                chunk.len(),
                " ON CONFLICT (cve) DO UPDATE SET score = excluded.score, \
                 percentile = excluded.percentile, date = excluded.date",
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for (cve, score, percentile, date) in &chunk {
                q = q
                    .bind(cve.clone())
                    .bind(score)
                    .bind(percentile)
                    .bind(date.clone());
            }
            q.execute(&mut *self.tx)
                .await
                .map_err(db("writing EPSS scores"))?;
        }
        Ok(())
    }

    /// Inserts rows of text columns, `KEY_BATCH` rows per statement.
    async fn insert_text_rows<const N: usize>(
        &mut self,
        head: &str,
        rows: &[[String; N]],
        tail: &str,
        context: &str,
    ) -> Result<()> {
        for chunk in rows.chunks(KEY_BATCH) {
            let sql = insert_sql(self.backend, head, N, chunk.len(), tail);
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for row in chunk {
                for v in row {
                    q = q.bind(v.clone());
                }
            }
            q.execute(&mut *self.tx).await.map_err(db(context))?;
        }
        Ok(())
    }

    /// Writes what is pending, logs the import and commits: only now does the store change.
    pub async fn commit(mut self) -> Result<ImportCounts> {
        self.flush().await?;
        let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        sqlx::query(
            "INSERT INTO feed_import (started, finished, source, inputs, added, updated, unchanged, errors) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(self.started.clone())
        .bind(now())
        .bind(self.source.clone())
        .bind(self.inputs.clone())
        .bind(n(self.counts.added))
        .bind(n(self.counts.updated))
        .bind(n(self.counts.unchanged))
        .bind(n(self.counts.errors))
        .execute(&mut *self.tx)
        .await
        .map_err(db("logging the import"))?;
        self.tx
            .commit()
            .await
            .map_err(db("committing the import"))?;
        if self.backend == Backend::Sqlite {
            // Fold the import's write-ahead log into the database now, so that reads go through
            // the memory map instead of the log (a large import leaves a log as big as itself).
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await
                .map_err(db("checkpointing the import"))?;
        }
        Ok(self.counts)
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// Rows of one multi-row upsert must have distinct keys (PostgreSQL refuses to update a row
/// twice in one statement): the last row of each key wins, as it would one by one.
fn last_per_key<T: Clone>(rows: &[T], key: impl Fn(&T) -> &String) -> Vec<T> {
    let mut last: HashMap<&String, usize> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        last.insert(key(r), i);
    }
    rows.iter()
        .enumerate()
        .filter(|(i, r)| last.get(key(r)) == Some(i))
        .map(|(_, r)| r.clone())
        .collect()
}

/// A multi-row INSERT. SQLite gets anonymous `?` placeholders: binding `$N` makes SQLite look
/// every parameter's name up in a list (quadratic in the row count; measured: 44% of an import's
/// time at 400 rows per statement).
fn insert_sql(backend: Backend, head: &str, columns: usize, rows: usize, tail: &str) -> String {
    let mut sql = String::with_capacity(head.len() + rows * columns * 6 + tail.len());
    sql.push_str(head);
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for c in 0..columns {
            if c > 0 {
                sql.push(',');
            }
            n += 1;
            if backend == Backend::Sqlite {
                sql.push('?');
            } else {
                sql.push('$');
                sql.push_str(&n.to_string());
            }
        }
        sql.push(')');
    }
    sql.push_str(tail);
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_709_251_199), "2024-02-29T23:59:59Z");
        assert_eq!(rfc3339(1_795_000_000), "2026-11-18T11:06:40Z");
    }

    #[test]
    fn locations() {
        assert_eq!(
            Location::parse("postgres://u:secret@h/db").to_string(),
            "postgres://u:***@h/db"
        );
        assert_eq!(
            Location::parse("sqlite:///tmp/x.db"),
            Location::Sqlite(PathBuf::from("/tmp/x.db"))
        );
        assert_eq!(
            insert_sql(Backend::Postgres, "I ", 2, 2, " T"),
            "I ($1,$2),($3,$4) T"
        );
        assert_eq!(insert_sql(Backend::Sqlite, "I ", 2, 1, ""), "I (?,?)");
    }
}
