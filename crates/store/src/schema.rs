//! The schema, as ordered migrations. The DDL is portable: it runs unchanged on SQLite and
//! PostgreSQL (TEXT for strings, timestamps in RFC 3339 and JSON; BIGINT; DOUBLE PRECISION).

/// `(version, statements)`, applied in order, each in its own transaction. Never edit one that
/// has shipped: add the next.
///
/// 1. Advisory data: records, aliases, lookup keys, KEV, EPSS, the import log.
/// 2. The platform: organisations, users, API tokens, products, versions, SBOM documents with
///    their components and findings, analyses (triage history), sharing grants, and the
///    hash-chained audit log with its head.
/// 3. The web UI: login sessions (the cookie's secret stored hashed, with the session's CSRF
///    token), failed logins (for throttling), and each SBOM's finding counts at upload (the
///    dashboard's trend over time).
/// 4. Disabled users, and the job table (feed imports run as jobs; several servers on one
///    PostgreSQL database share them).
/// 5. Finding indexes for the server's hot reads: a version's findings in the default order
///    (KEV, then severity, most severe first) without a sort, the dashboard's counts from the
///    index alone, and findings by vulnerability and component (analyses apply by these).
/// 6. Finding counts per version over time, written at each upload and each re-analysis that
///    changes a version's findings (the dashboard's trend; supersedes the counts on
///    `sbom_document`, which are copied over and no longer written).
/// 7. The lifecycle: each version's release, end-of-life and end-of-support dates, the
///    customer communications recorded against the lifecycle checklist, and the component
///    support entered by the manufacturer.
/// 8. Medical risk decisions on findings (harm, controlled or uncontrolled risk, awareness,
///    the applicable regulatory reports; with the finding's vulnerability and component so
///    they outlive it) and the regulatory steps recorded against their clocks.
/// 9. A version's latest finding count by version (the total of its unfiltered findings list,
///    read instead of counting its rows for every page).
/// 10. Each version's current finding counts by severity and KEV, written with its findings
///     (the dashboard sums one row per version instead of counting every finding).
/// 11. CVSS environment profiles per product (the environmental metrics its deployment
///     implies), reused to rescore every finding of its versions.
/// 12. Risk acceptances: a risk decision's acceptance expiry and owner.
pub const MIGRATIONS: &[(i64, &str)] = &[
    (
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
    ),
    (
        2,
        r#"
CREATE TABLE org (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    created TEXT NOT NULL
);

CREATE TABLE app_user (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL REFERENCES org (id),
    email TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    password TEXT,
    created TEXT NOT NULL
);
CREATE INDEX app_user_org ON app_user (org);

CREATE TABLE api_token (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL REFERENCES org (id),
    app_user TEXT NOT NULL REFERENCES app_user (id),
    role TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    expires TEXT,
    revoked TEXT
);
CREATE INDEX api_token_org ON api_token (org);

CREATE TABLE product (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL REFERENCES org (id),
    name TEXT NOT NULL,
    created TEXT NOT NULL,
    UNIQUE (org, name)
);

CREATE TABLE product_version (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL REFERENCES org (id),
    product TEXT NOT NULL REFERENCES product (id),
    version TEXT NOT NULL,
    created TEXT NOT NULL,
    sbom TEXT,
    UNIQUE (product, version)
);
CREATE INDEX product_version_org ON product_version (org, product);

CREATE TABLE sbom_document (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL REFERENCES org (id),
    product_version TEXT NOT NULL REFERENCES product_version (id),
    format TEXT NOT NULL,
    spec_version TEXT NOT NULL,
    digest TEXT NOT NULL,
    uploaded TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    components BIGINT NOT NULL,
    quality TEXT NOT NULL,
    content TEXT NOT NULL
);
CREATE INDEX sbom_document_version ON sbom_document (org, product_version);

CREATE TABLE component (
    org TEXT NOT NULL,
    sbom TEXT NOT NULL REFERENCES sbom_document (id),
    position BIGINT NOT NULL,
    bom_ref TEXT NOT NULL,
    name TEXT NOT NULL,
    version TEXT,
    purl TEXT,
    cpe TEXT,
    record TEXT NOT NULL,
    PRIMARY KEY (sbom, position)
);

CREATE TABLE finding (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL,
    product_version TEXT NOT NULL REFERENCES product_version (id),
    sbom TEXT NOT NULL REFERENCES sbom_document (id),
    bom_ref TEXT NOT NULL,
    component TEXT NOT NULL,
    component_key TEXT NOT NULL,
    vulnerability TEXT NOT NULL,
    source TEXT NOT NULL,
    severity BIGINT NOT NULL,
    kev BIGINT NOT NULL,
    epss DOUBLE PRECISION,
    record TEXT NOT NULL
);
CREATE INDEX finding_version ON finding (org, product_version, severity);
CREATE INDEX finding_sbom ON finding (sbom);

CREATE TABLE analysis (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL REFERENCES org (id),
    product_version TEXT,
    component_key TEXT NOT NULL,
    vulnerability TEXT NOT NULL,
    state TEXT NOT NULL,
    justification TEXT,
    response TEXT NOT NULL,
    detail TEXT NOT NULL,
    author TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX analysis_lookup ON analysis (org, vulnerability, component_key);

CREATE TABLE share_grant (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL REFERENCES org (id),
    grantee TEXT NOT NULL REFERENCES org (id),
    product TEXT NOT NULL REFERENCES product (id),
    share_findings BIGINT NOT NULL,
    created TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (grantee, product)
);
CREATE INDEX share_grant_org ON share_grant (org);

CREATE TABLE audit_event (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    org TEXT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id TEXT NOT NULL,
    before TEXT,
    after TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_event_org ON audit_event (org, seq);

CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
"#,
    ),
    (
        3,
        r#"
CREATE TABLE ui_session (
    hash TEXT PRIMARY KEY,
    app_user TEXT NOT NULL REFERENCES app_user (id),
    csrf TEXT NOT NULL,
    created TEXT NOT NULL,
    expires TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE INDEX ui_session_user ON ui_session (app_user);

CREATE TABLE login_failure (
    email TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failure_email ON login_failure (email, at);

ALTER TABLE sbom_document ADD COLUMN findings BIGINT;
ALTER TABLE sbom_document ADD COLUMN findings_severe BIGINT;
ALTER TABLE sbom_document ADD COLUMN findings_kev BIGINT;
"#,
    ),
    (
        4,
        r#"
ALTER TABLE app_user ADD COLUMN disabled TEXT;

CREATE TABLE job (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL REFERENCES org (id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    input TEXT NOT NULL,
    payload BYTEA,
    created TEXT NOT NULL,
    created_by TEXT NOT NULL,
    started TEXT,
    finished TEXT,
    worker TEXT,
    attempts BIGINT NOT NULL,
    result TEXT,
    error TEXT
);
CREATE INDEX job_queue ON job (status, created);
CREATE INDEX job_org ON job (org, created);
"#,
    ),
    (
        5,
        r#"
CREATE INDEX finding_order ON finding (org, product_version, kev DESC, severity DESC, component, vulnerability, id);
CREATE INDEX finding_counts ON finding (org, severity, kev);
CREATE INDEX finding_match ON finding (org, vulnerability, component_key);
CREATE INDEX finding_epss ON finding (org, epss DESC, id);
"#,
    ),
    (
        6,
        r#"
CREATE TABLE finding_count (
    seq BIGINT PRIMARY KEY,
    org TEXT NOT NULL,
    product_version TEXT NOT NULL,
    at TEXT NOT NULL,
    findings BIGINT NOT NULL,
    severe BIGINT NOT NULL,
    kev BIGINT NOT NULL
);
CREATE INDEX finding_count_org ON finding_count (org, seq);
INSERT INTO finding_count (seq, org, product_version, at, findings, severe, kev)
    SELECT ROW_NUMBER() OVER (ORDER BY uploaded, id), org, product_version, uploaded,
        findings, COALESCE(findings_severe, 0), COALESCE(findings_kev, 0)
    FROM sbom_document WHERE findings IS NOT NULL;
"#,
    ),
    (
        7,
        r#"
CREATE TABLE version_lifecycle (
    product_version TEXT PRIMARY KEY REFERENCES product_version (id),
    org TEXT NOT NULL REFERENCES org (id),
    released TEXT,
    end_of_life TEXT,
    end_of_support TEXT,
    note TEXT NOT NULL,
    updated TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX version_lifecycle_org ON version_lifecycle (org);

CREATE TABLE lifecycle_communication (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL REFERENCES org (id),
    product_version TEXT NOT NULL REFERENCES product_version (id),
    item TEXT NOT NULL,
    done TEXT NOT NULL,
    evidence TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX lifecycle_communication_version ON lifecycle_communication (org, product_version, at);

CREATE TABLE component_support (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL REFERENCES org (id),
    component TEXT NOT NULL,
    level TEXT,
    end_of_support TEXT,
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX component_support_org ON component_support (org, component, at);
"#,
    ),
    (
        8,
        r#"
CREATE TABLE risk_assessment (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL REFERENCES org (id),
    finding TEXT NOT NULL,
    product_version TEXT NOT NULL REFERENCES product_version (id),
    vulnerability TEXT NOT NULL,
    component TEXT NOT NULL,
    harm TEXT NOT NULL,
    control TEXT NOT NULL,
    rationale TEXT NOT NULL,
    aware TEXT NOT NULL,
    fix_available TEXT,
    reports TEXT NOT NULL,
    author TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX risk_assessment_finding ON risk_assessment (org, finding, at);

CREATE TABLE regulatory_submission (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL REFERENCES org (id),
    finding TEXT NOT NULL,
    clock TEXT NOT NULL,
    done TEXT NOT NULL,
    reference TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX regulatory_submission_finding ON regulatory_submission (org, finding, at);
"#,
    ),
    (
        9,
        r#"
CREATE INDEX finding_count_version ON finding_count (org, product_version, seq);
"#,
    ),
    (
        10,
        r#"
CREATE TABLE version_counts (
    product_version TEXT PRIMARY KEY REFERENCES product_version (id),
    org TEXT NOT NULL REFERENCES org (id),
    findings BIGINT NOT NULL,
    sev_none BIGINT NOT NULL,
    sev_low BIGINT NOT NULL,
    sev_medium BIGINT NOT NULL,
    sev_high BIGINT NOT NULL,
    sev_critical BIGINT NOT NULL,
    sev_unknown BIGINT NOT NULL,
    kev BIGINT NOT NULL
);
CREATE INDEX version_counts_org ON version_counts (org);
INSERT INTO version_counts (product_version, org, findings, sev_none, sev_low, sev_medium,
    sev_high, sev_critical, sev_unknown, kev)
SELECT product_version, MIN(org), COUNT(*),
    SUM(CASE WHEN severity = 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN severity = 1 THEN 1 ELSE 0 END),
    SUM(CASE WHEN severity = 2 THEN 1 ELSE 0 END),
    SUM(CASE WHEN severity = 3 THEN 1 ELSE 0 END),
    SUM(CASE WHEN severity = 4 THEN 1 ELSE 0 END),
    SUM(CASE WHEN severity < 0 OR severity > 4 THEN 1 ELSE 0 END),
    SUM(kev)
FROM finding GROUP BY product_version;
"#,
    ),
    (
        11,
        r#"
CREATE TABLE cvss_profile (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL REFERENCES org (id),
    product TEXT NOT NULL REFERENCES product (id),
    name TEXT NOT NULL,
    v3 TEXT,
    v4 TEXT,
    note TEXT NOT NULL,
    created_by TEXT NOT NULL,
    at TEXT NOT NULL,
    UNIQUE (product, name)
);
CREATE INDEX cvss_profile_org ON cvss_profile (org, product);
"#,
    ),
    (
        12,
        r#"
ALTER TABLE risk_assessment ADD COLUMN accepted_until TEXT;
ALTER TABLE risk_assessment ADD COLUMN acceptance_owner TEXT;
"#,
    ),
];
