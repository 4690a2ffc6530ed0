//! The schema, as ordered migrations. The DDL is portable: it runs unchanged on SQLite and
//! PostgreSQL (TEXT for strings, timestamps in RFC 3339 and JSON; BIGINT; DOUBLE PRECISION).

/// `(version, statements)`, applied in order, each in its own transaction.
pub const MIGRATIONS: &[(i64, &str)] = &[(
    1,
    r#"
CREATE TABLE advisory (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    id TEXT NOT NULL,
    modified TEXT,
    withdrawn TEXT,
    digest TEXT NOT NULL,
    record TEXT NOT NULL,
    matching TEXT NOT NULL
);
CREATE INDEX advisory_source ON advisory (source);
CREATE INDEX advisory_id ON advisory (id);

CREATE TABLE advisory_alias (
    advisory TEXT NOT NULL,
    alias TEXT NOT NULL
);
CREATE INDEX advisory_alias_alias ON advisory_alias (alias);
CREATE INDEX advisory_alias_advisory ON advisory_alias (advisory);

CREATE TABLE advisory_key (
    kind TEXT NOT NULL,
    first TEXT NOT NULL,
    second TEXT NOT NULL,
    advisory TEXT NOT NULL
);
CREATE INDEX advisory_key_lookup ON advisory_key (kind, first, second);
CREATE INDEX advisory_key_advisory ON advisory_key (advisory);

CREATE TABLE kev (
    cve TEXT PRIMARY KEY,
    date_added TEXT NOT NULL,
    record TEXT NOT NULL
);

CREATE TABLE epss (
    cve TEXT PRIMARY KEY,
    score DOUBLE PRECISION NOT NULL,
    percentile DOUBLE PRECISION NOT NULL,
    date TEXT
);

CREATE TABLE feed_import (
    started TEXT NOT NULL,
    finished TEXT NOT NULL,
    source TEXT NOT NULL,
    inputs TEXT NOT NULL,
    added BIGINT NOT NULL,
    updated BIGINT NOT NULL,
    unchanged BIGINT NOT NULL,
    errors BIGINT NOT NULL
);
"#,
)];
