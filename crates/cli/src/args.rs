//! The command-line grammar (clap definitions only; no behaviour).

use clap::{Args, Parser, Subcommand};

/// medcyber: the cybersecurity lifecycle of medical devices, for manufacturers and hospitals.
#[derive(Debug, Parser)]
#[command(name = "medcyber", version, about)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Every top-level command.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compare versions and test range membership with each ecosystem's exact semantics.
    #[command(subcommand)]
    Version(VersionCommand),
    /// Parse and canonicalise Package URLs.
    #[command(subcommand)]
    Purl(PurlCommand),
    /// Parse, bind and match CPE 2.3 names (NIST IR 7695 / 7696).
    #[command(subcommand)]
    Cpe(CpeCommand),
    /// Score CVSS 2.0, 3.0, 3.1 and 4.0 vectors.
    #[command(subcommand)]
    Cvss(CvssCommand),
    /// Validate, check, convert and compare SBOMs (CycloneDX 1.2–1.7, SPDX 2.2/2.3/3.0).
    #[command(subcommand)]
    Sbom(SbomCommand),
    /// Import advisory feeds (OSV, NVD, CVE 5, CSAF, KEV, EPSS) into the local database and show what it holds.
    #[command(subcommand)]
    Db(DbCommand),
    /// Scan an SBOM for known vulnerabilities against the local database.
    #[command(
        after_help = "Components are matched by purl with their ecosystem's exact version ordering (OSV
ranges), by CPE against NVD configurations, and by vendor, product name or model against CSAF
product trees and CVE 5 product entries. Every finding carries its evidence (which
identifier, which range or configuration) and a confidence: high (exact identity, version in
range by the ecosystem's ordering), medium (a caveat the evidence names), low (a possible
match: version-less CPE, criterion covering every version, platform not in the SBOM).
JSON (--format json):
  {\"findings\": [{\"component\": {\"bom_ref\", \"name\", \"version\", \"purl\"?, \"cpe\"?},
    \"vulnerability\": {\"id\", \"aliases\": [...], \"summary\"?}, \"source\", \"database\"?,
    \"severity\": [{\"kind\", \"vector\", \"score\", \"assessor\"}], \"severity_level\"?,
    \"kev\": bool, \"kev_entry\"?, \"epss\"?: {\"cve\", \"score\", \"percentile\", \"date\"},
    \"fixed_versions\": [...], \"evidence\": \"...\", \"match_kind\", \"confidence\",
    \"suppressed_by\"?: {\"kind\": \"vex\"|\"ignore\", \"status\", \"justification\"?, \"detail\"?,
    \"source\"}}], \"undecided\": [...], \"components\", \"identified\", \"candidates\"}
VEX (--vex, repeatable): CycloneDX VEX JSON, OpenVEX or CSAF; not_affected and fixed statements
suppress the findings they speak for (the last applicable statement wins).
Ignore file (--ignore, YAML):
  rules:
    - vulnerability: CVE-2024-28115      # id or alias
      component: pkg:github/freertos/freertos   # optional: purl, CPE, bom-ref or name
      reason: MPU port not built into this device
      expires: 2027-03-31                # the rule stops applying after this day
Exit: 1 when an unsuppressed finding (of at least --min-confidence) reaches --fail-on; 2 on
input errors (an unreadable SBOM, VEX document or ignore file).

Examples:
  medcyber db import --source osv ../shared/data/go-vulndb/data/osv
  medcyber scan device.cdx.json --fail-on high
  medcyber scan device.spdx.json --format json > findings.json
  medcyber scan pump.cdx.json --vex vendor.vex.json --ignore risks.yaml
  medcyber scan pump.cdx.json --format csaf-vex --author \"ACME Medical\" > pump.vex.json"
    )]
    Scan(ScanArgs),
    /// Run the platform server: the REST API (OpenAPI at /api/openapi.json) on SQLite or
    /// PostgreSQL.
    #[command(
        after_help = "The server keeps its data (the advisory database, organisations, products, SBOMs,
findings and the audit log) in one database: `medcyber.db` in --data-dir (SQLite, WAL; the
default directory is the one `medcyber db` uses), or the PostgreSQL database of
--database-url. Migrations run at start. Several servers may share one PostgreSQL database.

Routes: /api/v1/... (Authorization: Bearer <token>), /api/openapi.json, /healthz, /readyz,
/metrics. Errors are application/problem+json.

Examples:
  medcyber admin create-org --name \"ACME Medical\" --kind manufacturer
  printf '%s\\n' 'a long passphrase' | medcyber admin create-user --org \"ACME Medical\" --email psirt@acme.example --role owner
  TOKEN=$(medcyber admin create-token --email psirt@acme.example --expires-days 90)
  medcyber serve --bind 127.0.0.1:8080
  curl -H \"Authorization: Bearer $TOKEN\" http://127.0.0.1:8080/api/v1/products"
    )]
    Serve(ServeArgs),
    /// Run the platform with a demo portfolio: a manufacturer with a bedside monitor and an
    /// infusion pump (SBOMs, findings, a triage decision), the demo advisories, and a hospital
    /// customer it shares a product with; the logins are printed on start.
    #[command(
        after_help = "Without --data-dir or --database-url the demo lives in a new directory under the
system's temporary directory; with one, it is seeded once and reused.

Example:
  medcyber demo --bind 127.0.0.1:8080"
    )]
    Demo(ServeArgs),
    /// Administer the platform: organisations, users, API tokens.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Check the platform's hash-chained audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
}

/// Where the platform's database is (`serve`, `admin`, `audit`).
#[derive(Clone, Debug, Args)]
pub struct DataArgs {
    /// The data directory: `medcyber.db` (SQLite) in it. Default: the per-user data directory
    /// (`$XDG_DATA_HOME/medcyber`, `~/.local/share/medcyber`), the same database `medcyber db`
    /// and `medcyber scan` use.
    #[arg(
        long,
        env = "MEDCYBER_DATA_DIR",
        value_name = "DIR",
        conflicts_with = "database_url"
    )]
    pub data_dir: Option<std::path::PathBuf>,
    /// A PostgreSQL database instead (`postgres://user@host:5432/db`).
    #[arg(long, env = "MEDCYBER_DATABASE_URL", value_name = "URL")]
    pub database_url: Option<String>,
}

/// Arguments of `medcyber serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(
        long,
        env = "MEDCYBER_BIND",
        default_value = "127.0.0.1:8080",
        value_name = "ADDR"
    )]
    pub bind: String,
    /// Log lines as JSON (for log collectors) instead of text.
    #[arg(long, value_parser = ["text", "json"], default_value = "text")]
    pub log_format: String,
    /// A directory whose feed files administrators may import by path
    /// (`POST /api/v1/imports?source=S&path=P`); without it, only uploads are imported.
    #[arg(long, env = "MEDCYBER_IMPORT_DIR", value_name = "DIR")]
    pub import_dir: Option<std::path::PathBuf>,
    /// Background workers running jobs (feed imports) in this server; 0 leaves the jobs to
    /// other servers on the same database.
    #[arg(long, env = "MEDCYBER_WORKERS", default_value_t = 1, value_name = "N")]
    pub workers: u32,
    #[command(flatten)]
    pub data: DataArgs,
}

/// `medcyber admin ...`
// The variants name the subcommands of the CLI contract (`create-org`, `create-user`,
// `create-token`), so they share their prefix.
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an organisation; prints its id.
    #[command(
        after_help = "Example:\n  medcyber admin create-org --name \"ACME Medical\" --kind manufacturer"
    )]
    CreateOrg {
        /// Its unique name.
        #[arg(long)]
        name: String,
        /// What it is.
        #[arg(long, value_parser = ["manufacturer", "hospital", "sharing"])]
        kind: String,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Create a user of an organisation; the password is read from standard input (its first
    /// line, at least 12 characters); prints the user's id.
    #[command(
        after_help = "Example:\n  printf '%s\\n' 'correct horse battery staple' | medcyber admin create-user --org \"ACME Medical\" --email psirt@acme.example --role security_engineer"
    )]
    CreateUser {
        /// The organisation's name.
        #[arg(long)]
        org: String,
        /// The login e-mail address.
        #[arg(long)]
        email: String,
        /// The role.
        #[arg(long, value_parser = ["owner", "admin", "security_engineer", "auditor", "viewer"])]
        role: String,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Create an API token for a user, with the user's role; prints only the token (shown
    /// once: only its hash is stored).
    #[command(
        after_help = "Example:\n  TOKEN=$(medcyber admin create-token --email psirt@acme.example --expires-days 90)"
    )]
    CreateToken {
        /// The user's e-mail address.
        #[arg(long)]
        email: String,
        /// Days until the token expires (1–3650; default: never).
        #[arg(long, value_name = "D")]
        expires_days: Option<u32>,
        #[command(flatten)]
        data: DataArgs,
    },
}

/// `medcyber audit ...`
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the audit trail's hash chain; exit 0 when intact, 1 naming the first broken
    /// link (an edited, deleted or missing event).
    #[command(after_help = "Example:\n  medcyber audit verify --data-dir /var/lib/medcyber")]
    Verify {
        /// Output format.
        #[arg(long, value_parser = ["text", "json"], default_value = "text")]
        format: String,
        #[command(flatten)]
        data: DataArgs,
    },
}

/// Where the database is.
#[derive(Debug, Args)]
pub struct DbLocationArgs {
    /// The database: a SQLite file path, or a `postgres://` URL. Default: `medcyber.db` in the
    /// per-user data directory (`$XDG_DATA_HOME/medcyber`, `~/.local/share/medcyber`).
    #[arg(long, env = "MEDCYBER_DB", value_name = "PATH|URL")]
    pub db: Option<String>,
}

/// `medcyber db ...`
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Import advisory feeds: incremental (unchanged records are skipped) and transactional (all
    /// or nothing; an interrupted import leaves the database as it was).
    #[command(after_help = "Sources and the inputs they read:
  osv   OSV JSON or YAML files, directories of them, zip archives laid out as osv.dev's all.zip
  nvd   NVD CVE API 2.0 pages or feed files, or NVD 1.1 feed files (.json, .json.gz), or
        directories of them
  cve5  CVE JSON 5 records (CVE-*.json; cvelistV5 or CISA vulnrichment directories)
  csaf  CSAF 2.0 advisories: files, directories of them, or a provider mirror's index.txt or
        ROLIE feed (listed documents are looked up in the directory that holds the listing)
  kev   the CISA KEV catalog (known_exploited_vulnerabilities.json or .csv)
  epss  FIRST EPSS scores (epss_scores-YYYY-MM-DD.csv, optionally .gz)
A broken record is reported with its file and position and skipped; the rest imports.
Exit: 0 when everything imported, 1 when some records were broken, 2 when an input could not be
read (nothing is imported then).

Examples:
  medcyber db import --source osv all.zip
  medcyber db import --source csaf csaf_files/OT/white/index.txt
  medcyber db import --source kev known_exploited_vulnerabilities.json
  medcyber db import --source epss epss_scores-2026-11-24.csv.gz")]
    Import(DbImportArgs),
    /// Show what the database holds: advisories per source, KEV and EPSS, the last imports.
    Status(DbStatusArgs),
}

/// Arguments of `medcyber db import`.
#[derive(Debug, Args)]
pub struct DbImportArgs {
    /// The feed.
    #[arg(long, value_parser = ["osv", "nvd", "cve5", "csaf", "kev", "epss"])]
    pub source: String,
    /// Files, directories or archives.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<std::path::PathBuf>,
    /// Output format of the summary.
    #[arg(long, value_parser = ["text", "json"], default_value = "text")]
    pub format: String,
    #[command(flatten)]
    pub location: DbLocationArgs,
}

/// Arguments of `medcyber db status`.
#[derive(Debug, Args)]
pub struct DbStatusArgs {
    /// Output format.
    #[arg(long, value_parser = ["text", "json"], default_value = "text")]
    pub format: String,
    #[command(flatten)]
    pub location: DbLocationArgs,
}

/// Arguments of `medcyber scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The SBOM (CycloneDX or SPDX, any version medcyber reads).
    #[arg(value_name = "SBOM")]
    pub file: std::path::PathBuf,
    /// Output format: a table, the JSON findings contract, SARIF 2.1.0, a CycloneDX 1.6
    /// vulnerability disclosure report, CSAF 2.0 VEX or OpenVEX 0.2.0.
    #[arg(long, value_parser = ["table", "json", "sarif", "cyclonedx-vdr", "csaf-vex", "openvex"], default_value = "table")]
    pub format: String,
    /// Exit 1 when a finding that no VEX statement or ignore rule suppresses reaches this
    /// severity, or is in CISA's KEV catalog (`kev`).
    #[arg(long, value_parser = ["low", "medium", "high", "critical", "kev"])]
    pub fail_on: Option<String>,
    /// Report only findings at least this certain.
    #[arg(long, value_parser = ["low", "medium", "high"], default_value = "low")]
    pub min_confidence: String,
    /// VEX documents (CycloneDX VEX JSON, OpenVEX, CSAF): `not_affected` and `fixed` statements
    /// suppress the findings they speak for; a later statement overrides an earlier one.
    /// Repeat for several documents.
    #[arg(long, value_name = "FILE")]
    pub vex: Vec<std::path::PathBuf>,
    /// An ignore file (YAML): rules with a vulnerability, optionally a component, a reason and
    /// an expiry date.
    #[arg(long, value_name = "FILE")]
    pub ignore: Option<std::path::PathBuf>,
    /// The author / publisher named in VEX and VDR output (default: the SBOM's supplier or
    /// manufacturer).
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// The publisher namespace (a URI) of CSAF output.
    #[arg(long, value_name = "URI", default_value = "urn:medcyber:local")]
    pub namespace: String,
    /// Show suppressed findings in the table too.
    #[arg(long)]
    pub show_suppressed: bool,
    #[command(flatten)]
    pub location: DbLocationArgs,
    #[command(flatten)]
    pub read: SbomReadArgs,
}

/// `medcyber sbom ...`
#[derive(Debug, Subcommand)]
pub enum SbomCommand {
    /// Validate SBOMs against their official schemas (bundled; no network).
    #[command(
        after_help = "The format and version are detected from the content. CycloneDX JSON and SPDX 2.x
(JSON, YAML, tag-value) are validated against their JSON schemas, CycloneDX XML against its XSD
(libxml2) after checks for safety (no DTD, no entities); SPDX 3 JSON-LD is checked for the
structure medcyber reads (\"schema_checked\": false).
JSON (--format json): one object per file:
  {\"file\", \"format\", \"spec_version\", \"valid\", \"schema_checked\",
   \"errors\": [{\"pointer\" or \"line\" (and \"column\"), \"message\"}]}
  or {\"file\", \"error\"} when the file cannot be read or is not an SBOM.
Exit: 0 when every file is valid, 1 when any is invalid, 2 when any cannot be read.

Examples:
  medcyber sbom validate bom.json
  medcyber sbom validate --format json sboms/*.json sboms/*.spdx"
    )]
    Validate(SbomValidateArgs),
    /// Check an SBOM against regulatory minimum elements (NTIA, IMDRF N73 / MHLW, FDA, BSI).
    #[command(
        after_help = "Each check lists the components that fail it; each profile gets a quality score 0–100.
Exit: 0 when every required check of the chosen profiles passes, 1 otherwise, 2 on input errors.

Examples:
  medcyber sbom check device.cdx.json --profile fda
  medcyber sbom check device.spdx.json --profile all --format markdown --lang ja"
    )]
    Check(SbomCheckArgs),
    /// Convert an SBOM to CycloneDX 1.6 or SPDX 2.3; what the target cannot hold is listed.
    #[command(
        after_help = "What could not be carried over is listed on stderr (`not carried over: …`); nothing is
dropped silently.

Examples:
  medcyber sbom convert device.spdx --to cyclonedx-json -o device.cdx.json
  medcyber sbom convert bom.xml --to spdx-tv"
    )]
    Convert(SbomConvertArgs),
    /// Compare two SBOMs: components added, removed, or changed (version, supplier, licences).
    #[command(
        after_help = "Components are paired by purl (without version), then CPE vendor/product, then name.
JSON (--format json): {\"added\": [...], \"removed\": [...], \"changed\": [...], \"unchanged\": N}.

Examples:
  medcyber sbom diff v1.cdx.json v2.cdx.json
  medcyber sbom diff old.spdx new.cdx.json --format json"
    )]
    Diff(SbomDiffArgs),
}

/// Reading options shared by the `sbom` commands.
#[derive(Debug, Args)]
pub struct SbomReadArgs {
    /// Read the usable data of a document that fails its schema (the problems are listed on
    /// stderr) instead of refusing it.
    #[arg(long)]
    pub lenient: bool,
    /// Largest accepted document, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 512)]
    pub max_size: usize,
}

/// Arguments of `medcyber sbom validate`.
#[derive(Debug, Args)]
pub struct SbomValidateArgs {
    /// SBOM files.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<std::path::PathBuf>,
    /// Output format.
    #[arg(long, value_parser = ["text", "json"], default_value = "text")]
    pub format: String,
    /// Largest accepted document, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 512)]
    pub max_size: usize,
}

/// Arguments of `medcyber sbom check`.
#[derive(Debug, Args)]
pub struct SbomCheckArgs {
    /// The SBOM file.
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,
    /// Which requirements to check.
    #[arg(long, value_parser = ["ntia", "imdrf", "fda", "bsi", "all"], default_value = "all")]
    pub profile: String,
    /// Output format.
    #[arg(long, value_parser = ["table", "json", "markdown"], default_value = "table")]
    pub format: String,
    /// Language of the report.
    #[arg(long, value_parser = ["en", "ja"], default_value = "en")]
    pub lang: String,
    #[command(flatten)]
    pub read: SbomReadArgs,
}

/// Arguments of `medcyber sbom convert`.
#[derive(Debug, Args)]
pub struct SbomConvertArgs {
    /// The SBOM file.
    #[arg(value_name = "IN")]
    pub input: std::path::PathBuf,
    /// Target format.
    #[arg(long, value_parser = ["cyclonedx-json", "cyclonedx-xml", "spdx-json", "spdx-tv"])]
    pub to: String,
    /// Write to this file instead of stdout.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub read: SbomReadArgs,
}

/// Arguments of `medcyber sbom diff`.
#[derive(Debug, Args)]
pub struct SbomDiffArgs {
    /// The older SBOM.
    #[arg(value_name = "OLD")]
    pub old: std::path::PathBuf,
    /// The newer SBOM.
    #[arg(value_name = "NEW")]
    pub new: std::path::PathBuf,
    /// Output format.
    #[arg(long, value_parser = ["table", "json"], default_value = "table")]
    pub format: String,
    #[command(flatten)]
    pub read: SbomReadArgs,
}

/// `medcyber cvss ...`
#[derive(Debug, Subcommand)]
pub enum CvssCommand {
    /// Score vectors: every score the vector's CVSS version defines, with severities.
    #[command(after_help = "JSON (--format json, --batch): one object per vector.
  v2 / v3.x: {\"vector\", \"version\": \"2.0\"|\"3.0\"|\"3.1\", \"base_score\", \"base_severity\", \"temporal_score\",
              \"temporal_severity\", \"environmental_score\", \"environmental_severity\"}
              (v3.x: temporal and environmental always computed, absent metrics Not Defined;
               v2: null when the vector has no metric of that group)
  v4.0:      {\"vector\", \"version\": \"4.0\", \"score\", \"severity\", \"macro_vector\", \"nomenclature\"}
  invalid:   {\"vector\", \"error\": \"<what and where>\"}
--format cvss-json: the FIRST CVSS JSON representation (cvss-v2.0 … cvss-v4.0 schemas).
Exit: 0 when every vector is valid, 2 otherwise (--batch: always 0, every line answered).

Examples:
  medcyber cvss score 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
  medcyber cvss score --format json 'AV:N/AC:L/Au:N/C:P/I:P/A:P/E:F/RL:OF/RC:C' \\
                      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P'
  cut -f3 findings.tsv | medcyber cvss score --batch")]
    Score(CvssScoreArgs),
    /// Score a medical device vulnerability with MITRE's rubric: questions per base metric,
    /// answered in the terminal or from a file, giving a CVSS v3.1 base vector with rationale.
    #[command(
        after_help = "Interactive: each question is shown on stderr with its id; answer y (yes), n (no), u (unknown),
b (back: undo the last answer), ? (help for the question), q (quit). The result goes to stdout.
--answers FILE (YAML or JSON): a map of question id to yes/no/unknown, e.g.
  {XAVN: yes, XAVT: yes, XACL: yes, XPRL: no, XUI: no, XS: no, XCP: yes, XCPM: no, ...}
Every question the answers reach must be answered (exit 2 naming the first one that is not).
The questions, their sources and how well each is verified: data/rubric/README.md.

Examples:
  medcyber cvss rubric --lang ja
  medcyber cvss rubric --answers answers.yaml --format json"
    )]
    Rubric(CvssRubricArgs),
}

/// Arguments of `medcyber cvss rubric`.
#[derive(Debug, Args)]
pub struct CvssRubricArgs {
    /// Read the answers from a YAML or JSON file instead of asking.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<std::path::PathBuf>,
    /// The language of questions and rationale.
    #[arg(long, value_parser = ["en", "ja"], default_value = "en")]
    pub lang: String,
    /// Output format: text, or a JSON record for the triage workflow.
    #[arg(long, value_parser = ["text", "json"], default_value = "text")]
    pub format: String,
}

/// Output format of `medcyber cvss score`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ScoreFormat {
    /// An aligned table.
    Table,
    /// One JSON object per vector, one per line.
    Json,
    /// The FIRST CVSS JSON representation (as NVD and CSAF carry it), one per line.
    CvssJson,
}

/// Arguments of `medcyber cvss score`.
#[derive(Debug, Args)]
pub struct CvssScoreArgs {
    /// Read one vector per line from stdin and answer each with one JSON line.
    #[arg(long, conflicts_with = "vectors")]
    pub batch: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScoreFormat::Table)]
    pub format: ScoreFormat,
    /// The vectors.
    #[arg(required_unless_present = "batch")]
    pub vectors: Vec<String>,
}

/// `medcyber cpe ...`
#[derive(Debug, Subcommand)]
pub enum CpeCommand {
    /// Parse a CPE 2.3 formatted string or a CPE 2.2 URI: prints both bindings and the WFN.
    #[command(
        after_help = "Output: {\"fs\", \"uri\", \"wfn\": {\"part\", \"vendor\", \"product\", \"version\", \"update\", \"edition\",
\"language\", \"sw_edition\", \"target_sw\", \"target_hw\", \"other\"}} where each WFN value is \"ANY\",
\"NA\" or the string in WFN form (punctuation quoted with a backslash); or {\"error\": \"...\"} (exit 2;
in --batch mode the line gets the error and the batch goes on).

Examples:
  medcyber cpe parse 'cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*'
  medcyber cpe parse 'cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003~x64~'
  cat cpes.txt | medcyber cpe parse --batch"
    )]
    Parse(CpeParseArgs),
    /// Match a source CPE name against a target (NIST IR 7696): the overall relation and the
    /// four CPE name-matching functions.
    #[command(
        after_help = "Output: {\"relation\": \"EQUAL|SUPERSET|SUBSET|DISJOINT|UNDEFINED\", \"superset\": b, \"subset\": b,
\"equal\": b, \"disjoint\": b}. The booleans are CPE_SUPERSET, CPE_SUBSET, CPE_EQUAL and CPE_DISJOINT
(superset and subset are non-proper: an equal pair is both). The relation is the first that holds
of EQUAL, SUPERSET, SUBSET, DISJOINT; UNDEFINED when none does (the names overlap without one
containing the other, or the target holds a wildcard, which 7696 leaves undefined).

Examples:
  medcyber cpe match 'cpe:2.3:a:microsoft:internet_explorer:8.*:*:*:*:*:*:*:*' \\
                     'cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*'   # SUPERSET
  printf 'cpe:/a:vendor:product:1.0\\tcpe:2.3:a:vendor:product:2.0:*:*:*:*:*:*:*\\n' | medcyber cpe match --batch"
    )]
    Match(CpeMatchArgs),
}

/// Arguments of `medcyber cpe parse`.
#[derive(Debug, Args)]
pub struct CpeParseArgs {
    /// Read one CPE name per line from stdin and answer each with one JSON line.
    #[arg(long, conflicts_with = "cpe")]
    pub batch: bool,
    /// The CPE name: `cpe:2.3:...` (formatted string) or `cpe:/...` (URI).
    #[arg(required_unless_present = "batch")]
    pub cpe: Option<String>,
}

/// Arguments of `medcyber cpe match`.
#[derive(Debug, Args)]
pub struct CpeMatchArgs {
    /// Read `SOURCE<TAB>TARGET` lines from stdin and answer each with one JSON line.
    #[arg(long, conflicts_with_all = ["source", "target"])]
    pub batch: bool,
    /// The source name (the pattern, e.g. an advisory's criterion).
    #[arg(required_unless_present = "batch")]
    pub source: Option<String>,
    /// The target name (e.g. a component's CPE).
    #[arg(required_unless_present = "batch")]
    pub target: Option<String>,
}

/// `medcyber purl ...`
#[derive(Debug, Subcommand)]
pub enum PurlCommand {
    /// Parse a purl: prints a JSON object with the canonical form and the decoded components.
    #[command(
        after_help = "Output: {\"canonical\", \"type\", \"namespace\", \"name\", \"version\", \"qualifiers\": {...}, \"subpath\"}
or {\"error\": \"...\"} (exit 2; in --batch mode the line gets the error and the batch goes on).

Examples:
  medcyber purl parse 'pkg:npm/%40angular/core@12.3.1'
  medcyber purl parse 'pkg:PyPI/Django_Rest@3.14?Arch=x86'     # -> pkg:pypi/django-rest@3.14?arch=x86
  medcyber purl parse --strict 'pkg:gem/rails@7.0?Platform=java' # error: key must be lowercase
  cat purls.txt | medcyber purl parse --batch"
    )]
    Parse(PurlParseArgs),
}

/// Arguments of `medcyber purl parse`.
#[derive(Debug, Args)]
pub struct PurlParseArgs {
    /// Read one purl per line from stdin and answer each with one JSON line.
    #[arg(long, conflicts_with = "purl")]
    pub batch: bool,
    /// Apply the spec's "shall" rules strictly: reject what would otherwise be repaired
    /// (uppercase qualifier keys).
    #[arg(long)]
    pub strict: bool,
    /// The purl to parse.
    #[arg(required_unless_present = "batch")]
    pub purl: Option<String>,
}

/// `medcyber version ...`
#[derive(Debug, Subcommand)]
pub enum VersionCommand {
    /// Compare two versions: prints -1, 0 or 1.
    #[command(after_help = "Examples:
  medcyber version compare --scheme deb 1:1.2-1 1.3-1        # prints 1 (the epoch wins)
  printf '1.0.0-rc.1\\t1.0.0\\n' | medcyber version compare --scheme npm --batch")]
    Compare(CompareArgs),
    /// Test whether a version is inside a range: prints true or false.
    #[command(after_help = "Examples:
  medcyber version satisfies --range 'vers:npm/>=1.2.0|<2.0.0' 1.5.0
  medcyber version satisfies --scheme npm --range '^1.2.3 || 3.x' 3.1.0
  medcyber version satisfies --scheme pypi --range '>=1.0,!=1.3.*' 1.3.2
  medcyber version satisfies --scheme maven --range '[1.0,2.0)' 1.5
  printf '<2.0.0\\t1.9.9\\n' | medcyber version satisfies --scheme npm --batch")]
    Satisfies(SatisfiesArgs),
    /// Convert a native range (npm, PEP 440, Maven, gem, NuGet, ...) to a canonical vers.
    #[command(after_help = "Examples:
  medcyber version to-vers --scheme npm '~3.8.2 || >=4.1.0'   # vers:npm/>=3.8.2|<3.9.0|>=4.1.0
  medcyber version to-vers --scheme gem '~> 2.0.8'            # vers:gem/>=2.0.8|<2.1")]
    ToVers(ToVersArgs),
    /// List the version schemes.
    Schemes,
}

/// Arguments of `medcyber version compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The version scheme (npm, pypi, maven, deb, rpm, apk, gem, nuget, golang, cargo, semver,
    /// generic, ...; see `medcyber version schemes`).
    #[arg(long, short)]
    pub scheme: String,
    /// Read `A<TAB>B` lines from stdin and answer each on its own line.
    #[arg(long, conflicts_with_all = ["a", "b"])]
    pub batch: bool,
    /// The first version.
    #[arg(required_unless_present = "batch", allow_hyphen_values = true)]
    pub a: Option<String>,
    /// The second version.
    #[arg(required_unless_present = "batch", allow_hyphen_values = true)]
    pub b: Option<String>,
}

/// Arguments of `medcyber version satisfies`.
#[derive(Debug, Args)]
pub struct SatisfiesArgs {
    /// Read RANGE in the scheme's native syntax (npm range, PEP 440 specifier set, Maven range,
    /// gem requirement, NuGet range). Without it RANGE is a vers (`vers:<scheme>/...`).
    #[arg(long, short)]
    pub scheme: Option<String>,
    /// The range.
    #[arg(
        long,
        short,
        required_unless_present = "batch",
        allow_hyphen_values = true
    )]
    pub range: Option<String>,
    /// Read `RANGE<TAB>VERSION` lines from stdin and answer each on its own line.
    #[arg(long, conflicts_with_all = ["range", "candidate"])]
    pub batch: bool,
    /// The version to test.
    #[arg(
        value_name = "VERSION",
        required_unless_present = "batch",
        allow_hyphen_values = true
    )]
    pub candidate: Option<String>,
}

/// Arguments of `medcyber version to-vers`.
#[derive(Debug, Args)]
pub struct ToVersArgs {
    /// The scheme whose native range syntax RANGE uses.
    #[arg(long, short)]
    pub scheme: String,
    /// Read one native range per line from stdin.
    #[arg(long, conflicts_with = "range")]
    pub batch: bool,
    /// The native range.
    #[arg(required_unless_present = "batch", allow_hyphen_values = true)]
    pub range: Option<String>,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
