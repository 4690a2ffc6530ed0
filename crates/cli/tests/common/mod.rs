//! Helpers shared by the CLI tests that import feeds.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The `medcyber` binary under test.
pub fn medcyber() -> Command {
    Command::cargo_bin("medcyber").expect("binary")
}

/// `medcyber db import --format json --source SOURCE --db DB PATHS...`, which must succeed.
pub fn import(db: &Path, source: &str, paths: &[PathBuf]) -> Value {
    let out = medcyber()
        .args([
            "db", "import", "--format", "json", "--source", source, "--db",
        ])
        .arg(db)
        .args(paths)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}
