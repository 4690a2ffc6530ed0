//! Test support: where the standards' own test suites live.
//!
//! Conformance tests read real data from the shared data directory (see
//! `../shared/data/MANIFEST.md`), found through `MEDCYBER_TEST_DATA` and by default at
//! `../shared/data` next to the checkout. On a user's fresh clone without that directory the
//! tests say they were skipped and why; in CI (`CI=true`) a missing directory fails them.
//!
//! ```no_run
//! let Some(dir) = medcyber_testdata::dir("purl-spec") else { return };
//! assert!(dir.join("tests").is_dir());
//! ```
#![deny(missing_docs)]
#![allow(clippy::print_stderr)]

use std::path::{Path, PathBuf};

/// The shared data root, if present.
pub fn root() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("MEDCYBER_TEST_DATA") {
        return Some(PathBuf::from(dir)).filter(|p| p.is_dir());
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let default = workspace.join("../shared/data");
    default
        .is_dir()
        .then(|| default.canonicalize().unwrap_or(default))
}

/// The directory `name` inside the shared data root (`purl-spec`, `vers-spec`, ...).
///
/// Returns `None` (after printing why) when the data is absent outside CI; panics when it is
/// absent in CI, because a conformance test that silently skips proves nothing.
pub fn dir(name: &str) -> Option<PathBuf> {
    let found = root().map(|r| r.join(name)).filter(|p| p.is_dir());
    if found.is_none() {
        let msg = format!(
            "shared test data `{name}` not found (set MEDCYBER_TEST_DATA to the shared data directory)"
        );
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{msg}; it is required in CI");
        }
        eprintln!("skipped: {msg}");
    }
    found
}

/// Reads and parses a JSON file, panicking with the path on failure (tests only).
pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()))
}

/// Every file below `dir` whose name ends with `suffix`, sorted.
pub fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries =
            std::fs::read_dir(&d).unwrap_or_else(|e| panic!("cannot list {}: {e}", d.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(suffix) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The PostgreSQL server the backend tests use: `MEDCYBER_TEST_PG`, default
/// `postgres://root@127.0.0.1:5432/test`.
pub fn postgres_admin_url() -> String {
    std::env::var("MEDCYBER_TEST_PG")
        .unwrap_or_else(|_| "postgres://root@127.0.0.1:5432/test".to_owned())
}

/// A fresh PostgreSQL database for one test: `(its URL, its name)`; drop it with
/// [`drop_postgres`]. `None` (after printing why) when the server is unreachable outside CI;
/// panics in CI, where the PostgreSQL half of a backend test must run.
pub async fn postgres(name: &str) -> Option<(String, String)> {
    let admin = postgres_admin_url();
    sqlx::any::install_default_drivers();
    let pool = match sqlx::AnyPool::connect(&admin).await {
        Ok(p) => p,
        Err(e) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("PostgreSQL at {admin} is required in CI: {e}");
            }
            eprintln!("skipped: PostgreSQL at {admin} is not reachable: {e}");
            return None;
        }
    };
    let db = format!("medcyber_{name}_{}", std::process::id());
    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {db} WITH (FORCE)"
    )))
    .execute(&pool)
    .await;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {db}")))
        .execute(&pool)
        .await
        .unwrap_or_else(|e| panic!("cannot create the database {db}: {e}"));
    pool.close().await;
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    Some((format!("{base}/{db}"), db))
}

/// Drops a database made by [`postgres`].
pub async fn drop_postgres(db: &str) {
    if let Ok(pool) = sqlx::AnyPool::connect(&postgres_admin_url()).await {
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {db} WITH (FORCE)"
        )))
        .execute(&pool)
        .await;
        pool.close().await;
    }
}
