//! Background jobs: feed imports queued through the API (an uploaded file, or a path under the
//! server's import directory) and run by a worker of any server sharing the database.
//!
//! Advisory data is shared by every organisation, so queueing an import is an administrator's
//! action; the job belongs to the organisation that queued it (which alone sees it). Queueing
//! and finishing are audit events.

use std::path::{Path, PathBuf};

use medcyber_store::{Job, Page, Paged, Store};

use crate::audit::{self, Event};
use crate::tenancy::{Action, Principal};
use crate::{CoreError, FeedSource, import_feed};

/// The kind of a feed import job.
pub const IMPORT: &str = "import";

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
        return Err(CoreError::Forbidden(
            "imports from a server-side path are off; start the server with --import-dir"
                .to_owned(),
        ));
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
    let job = Job {
        id: uuid::Uuid::new_v4().to_string(),
        org: principal.org.clone(),
        kind: IMPORT.to_owned(),
        status: "queued".to_owned(),
        input: serde_json::to_string(&input).map_err(|e| CoreError::Input(e.to_string()))?,
        created: medcyber_store::now_micros(),
        created_by: principal.actor(),
        started: None,
        finished: None,
        worker: None,
        attempts: 0,
        result: None,
        error: None,
    };
    let mut change = store.change().await?;
    change.insert_job(&job, payload).await?;
    audit::record(
        &mut change,
        Event {
            org: Some(&principal.org),
            actor: &principal.actor(),
            action: "job.create",
            object_kind: "job",
            object_id: &job.id,
            before: None,
            after: serde_json::from_str(&job.input).ok(),
        },
    )
    .await?;
    change.commit().await?;
    Ok(job)
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
    let outcome = match job.kind.as_str() {
        IMPORT => run_import(store, &job, payload).await,
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
    audit::record(
        &mut change,
        Event {
            org: Some(&job.org),
            actor: &format!("system:worker:{worker}"),
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

async fn run_import(
    store: &Store,
    job: &Job,
    payload: Option<Vec<u8>>,
) -> Result<String, CoreError> {
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
