//! Background jobs, run by a worker of any server sharing the database:
//!
//! - **imports** of a feed queued through the API (an uploaded file, or a path under the
//!   server's import directory). Advisory data is shared by every organisation, so queueing an
//!   import is an administrator's action; the job belongs to the organisation that queued it
//!   (which alone sees it).
//! - **re-scans**: the stored SBOMs of an organisation's versions (one, or all) matched again
//!   against today's advisory data, their findings replaced ([`crate::portfolio::rescan`]).
//!   Queued by a user (security engineers and up), and by the system after every import that
//!   changed advisory data: one re-scan of the whole portfolio per organisation with SBOMs,
//!   queued in the same change that finishes the import, so no import's effect is lost.
//!
//! Queueing and finishing are audit events.

use std::path::{Path, PathBuf};

use medcyber_store::{Job, Page, Paged, Store};

use crate::audit::{self, Event};
use crate::tenancy::{Action, Principal};
use crate::{CoreError, FeedSource, import_feed};

/// The kind of a feed import job.
pub const IMPORT: &str = "import";

/// The kind of a re-scan job (stored SBOMs matched again).
pub const RESCAN: &str = "rescan";

/// Minutes after which a running job whose worker is silent is taken again.
pub const STALE_MINUTES: i64 = 60;

/// What an import job reads.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportInput {
    /// The feed (`osv`, `nvd`, `cve5`, `csaf`, `kev`, `epss`).
    pub source: String,
    /// A path under the server's import directory, or
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// the name of the uploaded file (its extension tells the reader the format).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// What a re-scan job scans again.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RescanInput {
    /// One product version; every version with an SBOM when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The import job whose new advisory data asked for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_import: Option<String>,
}

/// What a re-scan job did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct RescanReport {
    /// Versions scanned.
    pub versions: usize,
    /// Versions whose findings changed.
    pub changed: usize,
    /// Their findings now.
    pub findings: usize,
    /// New findings.
    pub new: usize,
    /// Findings gone.
    pub resolved: usize,
    /// Findings with a changed record.
    pub updated: usize,
    /// Versions that could not be scanned, and why.
    pub errors: Vec<String>,
}

/// Where an import's data comes from.
#[derive(Clone, Copy, Debug)]
pub enum ImportData<'a> {
    /// An uploaded file and its name.
    Upload(&'a [u8], &'a str),
    /// A path on the server, which must lie under the import directory.
    Path(&'a str),
}

fn source_named(name: &str) -> Result<FeedSource, CoreError> {
    FeedSource::ALL
        .into_iter()
        .find(|s| s.as_str() == name)
        .ok_or_else(|| {
            CoreError::Input(format!(
                "`{name}` is not a feed (osv, nvd, cve5, csaf, kev, epss)"
            ))
        })
}

/// A file name safe to create in a scratch directory: its last component, with only letters,
/// digits, `.`, `-` and `_`.
fn safe_name(name: &str) -> Result<String, CoreError> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    let clean = clean.trim_start_matches('.').to_owned();
    if clean.is_empty() || clean.len() > 200 {
        return Err(CoreError::Input(format!(
            "`{name}` is not a usable file name (letters, digits, `.`, `-`, `_`; with the feed's extension)"
        )));
    }
    Ok(clean)
}

/// Resolves `path` under `import_dir` (no escape by `..` or links).
fn under(import_dir: Option<&Path>, path: &str) -> Result<PathBuf, CoreError> {
    let Some(dir) = import_dir else {
        return Err(CoreError::Forbidden(crate::refusal::Refusal::new(
            "import-dir-off",
            &[],
        )));
    };
    let root = dir
        .canonicalize()
        .map_err(|e| CoreError::Input(format!("the import directory cannot be read: {e}")))?;
    let wanted = if Path::new(path).is_absolute() {
        PathBuf::from(path)
    } else {
        root.join(path)
    };
    let real = wanted
        .canonicalize()
        .map_err(|_| CoreError::NotFound(format!("no `{path}` in the import directory")))?;
    if !real.starts_with(&root) {
        return Err(CoreError::NotFound(format!(
            "no `{path}` in the import directory"
        )));
    }
    Ok(real)
}

/// Queues a feed import for the principal's organisation (administrators).
pub async fn queue_import(
    store: &Store,
    principal: &Principal,
    source: &str,
    data: ImportData<'_>,
    import_dir: Option<&Path>,
) -> Result<Job, CoreError> {
    principal.require(Action::Administer)?;
    let source = source_named(source)?;
    let (input, payload) = match data {
        ImportData::Upload(bytes, name) => {
            if bytes.is_empty() {
                return Err(CoreError::Input("the uploaded feed is empty".to_owned()));
            }
            (
                ImportInput {
                    source: source.as_str().to_owned(),
                    path: None,
                    file: Some(safe_name(name)?),
                },
                Some(bytes),
            )
        }
        ImportData::Path(path) => {
            let real = under(import_dir, path)?;
            (
                ImportInput {
                    source: source.as_str().to_owned(),
                    path: Some(real.display().to_string()),
                    file: None,
                },
                None,
            )
        }
    };
    let job = new_job(&principal.org, IMPORT, &input, &principal.actor())?;
    let mut change = store.change().await?;
    insert(&mut change, &job, payload).await?;
    change.commit().await?;
    Ok(job)
}

/// Queues a re-scan of a version's stored SBOM, or of every version's when `version` is
/// `None`, for the principal's organisation (those who may change the portfolio).
pub async fn queue_rescan(
    store: &Store,
    principal: &Principal,
    version: Option<&str>,
) -> Result<Job, CoreError> {
    principal.require(Action::Write)?;
    if let Some(id) = version {
        let found = crate::portfolio::version(store, principal, id).await?;
        if found.sbom.is_none() {
            return Err(CoreError::Input(format!(
                "product version `{id}` has no SBOM to scan"
            )));
        }
    }
    let input = RescanInput {
        version: version.map(str::to_owned),
        after_import: None,
    };
    let job = new_job(&principal.org, RESCAN, &input, &principal.actor())?;
    let mut change = store.change().await?;
    insert(&mut change, &job, None).await?;
    change.commit().await?;
    Ok(job)
}

/// Queues a re-scan of the whole portfolio of every organisation with SBOMs, after advisory
/// data changed outside a job (`medcyber db import` into a platform's database); the jobs.
pub async fn queue_rescans_after_import(store: &Store, actor: &str) -> Result<Vec<Job>, CoreError> {
    let mut change = store.change().await?;
    let jobs = rescans_in(store, &mut change, actor, None).await?;
    change.commit().await?;
    Ok(jobs)
}

/// Queues, in `change`, a re-scan for every organisation with SBOMs.
async fn rescans_in(
    store: &Store,
    change: &mut medcyber_store::Change,
    actor: &str,
    import: Option<&str>,
) -> Result<Vec<Job>, CoreError> {
    let input = RescanInput {
        version: None,
        after_import: import.map(str::to_owned),
    };
    let mut jobs = Vec::new();
    for org in store.orgs_with_sboms().await? {
        let job = new_job(&org, RESCAN, &input, actor)?;
        insert(change, &job, None).await?;
        jobs.push(job);
    }
    Ok(jobs)
}

fn new_job(
    org: &str,
    kind: &str,
    input: &impl serde::Serialize,
    actor: &str,
) -> Result<Job, CoreError> {
    Ok(Job {
        id: uuid::Uuid::new_v4().to_string(),
        org: org.to_owned(),
        kind: kind.to_owned(),
        status: "queued".to_owned(),
        input: serde_json::to_string(input).map_err(|e| CoreError::Input(e.to_string()))?,
        created: medcyber_store::now_micros(),
        created_by: actor.to_owned(),
        started: None,
        finished: None,
        worker: None,
        attempts: 0,
        result: None,
        error: None,
    })
}

/// Queues `job` in `change`, audited.
async fn insert(
    change: &mut medcyber_store::Change,
    job: &Job,
    payload: Option<&[u8]>,
) -> Result<(), CoreError> {
    change.insert_job(job, payload).await?;
    audit::record(
        change,
        Event {
            org: Some(&job.org),
            actor: &job.created_by,
            action: "job.create",
            object_kind: "job",
            object_id: &job.id,
            before: None,
            after: Some(serde_json::json!({
                "kind": job.kind,
                "input": serde_json::from_str::<serde_json::Value>(&job.input).ok(),
            })),
        },
    )
    .await?;
    Ok(())
}

/// A job of the principal's organisation.
pub async fn job(store: &Store, principal: &Principal, id: &str) -> Result<Job, CoreError> {
    principal.require(Action::Read)?;
    store
        .job(&principal.org, id)
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("no job `{id}`")))
}

/// A page of the principal's organisation's jobs, newest first.
pub async fn jobs(
    store: &Store,
    principal: &Principal,
    page: Page,
) -> Result<Paged<Job>, CoreError> {
    principal.require(Action::Read)?;
    Ok(store.jobs(&principal.org, page).await?)
}

/// Takes the next job and runs it as `worker`; the finished job, or `None` when the queue is
/// empty. A job's own failure is recorded on the job (status `failed`), not returned.
pub async fn run_next(store: &Store, worker: &str) -> Result<Option<Job>, CoreError> {
    let now = medcyber_store::now_micros();
    let Some((job, payload)) = store
        .claim_job(
            worker,
            &now,
            &crate::sessions::minutes_ago(jiff::Timestamp::now(), STALE_MINUTES),
        )
        .await?
    else {
        return Ok(None);
    };
    let actor = format!("system:worker:{worker}");
    // An import that changed advisory data asks for the portfolios to be scanned again.
    let mut changed_advisories = false;
    let outcome = match job.kind.as_str() {
        IMPORT => run_import(store, &job, payload)
            .await
            .map(|(result, changed)| {
                changed_advisories = changed;
                result
            }),
        RESCAN => run_rescan(store, &job, &actor).await,
        other => Err(CoreError::Input(format!("unknown job kind `{other}`"))),
    };
    let finished = medcyber_store::now_micros();
    let (status, result, error) = match &outcome {
        Ok(result) => ("done", Some(result.clone()), None),
        Err(e) => ("failed", None, Some(e.to_string())),
    };
    if !store
        .finish_job(
            &job.id,
            worker,
            status,
            result.as_deref(),
            error.as_deref(),
            &finished,
        )
        .await?
    {
        // Taken over by another worker after going stale: its result is the one kept.
        return Ok(store.job(&job.org, &job.id).await?);
    }
    let mut change = store.change().await?;
    if changed_advisories {
        rescans_in(
            store,
            &mut change,
            &format!("system:job:{}", job.id),
            Some(&job.id),
        )
        .await?;
    }
    audit::record(
        &mut change,
        Event {
            org: Some(&job.org),
            actor: &actor,
            action: "job.finish",
            object_kind: "job",
            object_id: &job.id,
            before: None,
            after: Some(serde_json::json!({ "status": status, "error": error })),
        },
    )
    .await?;
    change.commit().await?;
    Ok(store.job(&job.org, &job.id).await?)
}

/// Runs an import; its report (JSON), and whether it added or changed any record.
async fn run_import(
    store: &Store,
    job: &Job,
    payload: Option<Vec<u8>>,
) -> Result<(String, bool), CoreError> {
    let input: ImportInput = serde_json::from_str(&job.input)
        .map_err(|e| CoreError::Input(format!("the job's input is unreadable: {e}")))?;
    let source = source_named(&input.source)?;
    // An upload is written to a scratch directory under its own name (the reader tells the
    // format by the extension), removed afterwards.
    let scratch =
        tempfile::tempdir().map_err(|e| CoreError::Input(format!("no scratch directory: {e}")))?;
    let path = match (&input.path, &input.file, payload) {
        (Some(path), _, _) => PathBuf::from(path),
        (None, Some(file), Some(bytes)) => {
            let path = scratch.path().join(safe_name(file)?);
            tokio::task::spawn_blocking({
                let path = path.clone();
                move || std::fs::write(path, bytes)
            })
            .await
            .map_err(|e| CoreError::Input(e.to_string()))?
            .map_err(|e| CoreError::Input(format!("cannot write the upload: {e}")))?;
            path
        }
        _ => return Err(CoreError::Input("the job has no data to import".to_owned())),
    };
    let report = import_feed(store, source, &[path], &mut |_| {}).await?;
    let changed = report.counts.added + report.counts.updated > 0;
    let json = serde_json::to_string(&report).map_err(|e| CoreError::Input(e.to_string()))?;
    Ok((json, changed))
}

/// Runs a re-scan: each version's stored SBOM matched again, one change per version (a
/// version uploaded meanwhile keeps its upload's findings).
async fn run_rescan(store: &Store, job: &Job, actor: &str) -> Result<String, CoreError> {
    let input: RescanInput = serde_json::from_str(&job.input)
        .map_err(|e| CoreError::Input(format!("the job's input is unreadable: {e}")))?;
    let versions: Vec<(String, String)> = store
        .scannable_versions(&job.org)
        .await?
        .into_iter()
        .filter(|(v, _)| input.version.as_ref().is_none_or(|want| want == v))
        .collect();
    if let (Some(want), true) = (&input.version, versions.is_empty()) {
        return Err(CoreError::NotFound(format!(
            "product version `{want}` has no SBOM to scan"
        )));
    }
    let mut report = RescanReport::default();
    for (version, sbom) in &versions {
        let r = match crate::portfolio::rescan(store, &job.org, version, sbom, actor).await {
            Ok(r) => r,
            // One version's unreadable document does not stop the others; the store failing does.
            Err(e @ (CoreError::Input(_) | CoreError::NotFound(_))) => {
                report.errors.push(format!("version `{version}`: {e}"));
                continue;
            }
            Err(e) => return Err(e),
        };
        report.versions += 1;
        report.findings += r.findings;
        if r.written {
            report.changed += 1;
            report.new += r.new;
            report.resolved += r.resolved;
            report.updated += r.updated;
        }
    }
    serde_json::to_string(&report).map_err(|e| CoreError::Input(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_names_are_made_safe() {
        assert_eq!(
            safe_name("../../etc/kev.json").ok().as_deref(),
            Some("kev.json")
        );
        assert_eq!(
            safe_name("C:\\feeds\\all.zip").ok().as_deref(),
            Some("all.zip")
        );
        assert_eq!(safe_name(".hidden.csv").ok().as_deref(), Some("hidden.csv"));
        assert!(safe_name("../..").is_err());
        assert!(safe_name("").is_err());
    }

    #[test]
    fn server_paths_stay_in_the_import_directory() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("kev.json"), "{}").expect("write");
        assert!(under(Some(dir.path()), "kev.json").is_ok());
        assert!(matches!(
            under(None, "kev.json"),
            Err(CoreError::Forbidden(_))
        ));
        assert!(matches!(
            under(Some(dir.path()), "../../etc/passwd"),
            Err(CoreError::NotFound(_))
        ));
        assert!(matches!(
            under(Some(dir.path()), "/etc/passwd"),
            Err(CoreError::NotFound(_))
        ));
    }
}
