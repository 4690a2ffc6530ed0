//! The store's behaviour, run against both backends: SQLite in a temporary file, and a fresh
//! database on the PostgreSQL server (`MEDCYBER_TEST_PG`, default
//! `postgres://root@127.0.0.1:5432/test`; in CI a missing server fails the tests).
#![allow(clippy::print_stderr)]

use medcyber_model::Advisory;
use medcyber_model::advisory::{EpssScore, KevEntry, Source};
use medcyber_store::{IndexKey, Location, Store, Written};

fn advisory(id: &str, modified: &str, aliases: &[&str]) -> Advisory {
    Advisory {
        id: id.to_owned(),
        source: Some(Source::Osv),
        modified: Some(modified.to_owned()),
        aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        ..Advisory::default()
    }
}

fn key(first: &str, second: &str) -> IndexKey {
    IndexKey {
        kind: "package",
        first: first.to_owned(),
        second: second.to_owned(),
    }
}

async fn postgres(name: &str) -> Option<(Location, String)> {
    let (url, db) = medcyber_testdata::postgres(name).await?;
    Some((Location::Postgres(url), db))
}

async fn drop_postgres(db: &str) {
    medcyber_testdata::drop_postgres(db).await;
}

/// Runs `body` on SQLite and on PostgreSQL.
async fn on_both<F, Fut>(name: &str, body: F)
where
    F: Fn(Store, Location) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("tempdir");
    let sqlite = Location::Sqlite(dir.path().join("nested/dir/medcyber.db"));
    let store = Store::open(&sqlite).await.expect("open sqlite");
    body(store.clone(), sqlite).await;
    store.close().await;
    if let Some((pg, db)) = postgres(name).await {
        let store = Store::open(&pg).await.expect("open postgres");
        body(store.clone(), pg).await;
        store.close().await;
        drop_postgres(&db).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_is_incremental_and_lookups_find_by_key() {
    on_both("incremental", |store, location| async move {
        let mut import = store.import("osv", "test").await.expect("import");
        let a = advisory("GO-1", "2024-01-01T00:00:00Z", &["CVE-2024-1"]);
        let b = advisory("GO-2", "2024-01-01T00:00:00Z", &[]);
        assert_eq!(
            import
                .advisory(&a, &[key("go", "github.com/a/b")])
                .await
                .expect("a"),
            Written::Added
        );
        assert_eq!(
            import
                .advisory(&b, &[key("go", "github.com/x/y")])
                .await
                .expect("b"),
            Written::Added
        );
        let counts = import.commit().await.expect("commit");
        assert_eq!(counts.added, 2);

        // Again: nothing changes; then GO-1 changes and moves to another package.
        let mut import = store.import("osv", "test").await.expect("import");
        assert_eq!(
            import
                .advisory(&b, &[key("go", "github.com/x/y")])
                .await
                .expect("b"),
            Written::Unchanged
        );
        let a2 = advisory("GO-1", "2024-02-01T00:00:00Z", &["CVE-2024-1"]);
        assert_eq!(
            import
                .advisory(&a2, &[key("go", "github.com/c/d")])
                .await
                .expect("a2"),
            Written::Updated
        );
        let counts = import.commit().await.expect("commit");
        assert_eq!((counts.added, counts.updated, counts.unchanged), (0, 1, 1));

        assert!(
            store
                .candidates_for(&[key("go", "github.com/a/b")])
                .await
                .expect("lookup")
                .is_empty(),
            "the old key is gone"
        );
        let found = store
            .candidates_for(&[key("go", "github.com/c/d"), key("go", "github.com/x/y")])
            .await
            .expect("lookup");
        let mut keys: Vec<_> = found.iter().map(|(k, _)| k.as_str()).collect();
        keys.sort();
        assert_eq!(keys, ["osv:GO-1", "osv:GO-2"]);
        // The match view holds what matching reads; the whole record is read by key.
        let (_, view) = found.iter().find(|(k, _)| k == "osv:GO-1").expect("GO-1");
        assert_eq!(
            (view.aliases.as_slice(), view.modified.as_deref()),
            (a2.aliases.as_slice(), None)
        );
        let whole = store
            .advisories_by_keys(&["osv:GO-1".to_owned()])
            .await
            .expect("records");
        assert_eq!(whole.get("osv:GO-1"), Some(&a2));
        assert_eq!(
            store.vulnerability("CVE-2024-1").await.expect("alias")[0].id,
            "GO-1"
        );
        let status = store.status(&location).await.expect("status");
        assert_eq!(status.sources, [("osv".to_owned(), 2, 0)]);
        assert_eq!(status.imports.len(), 2);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_not_committed_leaves_nothing() {
    on_both("rollback", |store, location| async move {
        {
            let mut import = store.import("nvd", "test").await.expect("import");
            for i in 0..1000 {
                let a = advisory(&format!("CVE-2024-{i}"), "2024-01-01T00:00:00Z", &[]);
                import.advisory(&a, &[key("x", "y")]).await.expect("write");
            }
            // Dropped without commit (as when the process dies).
        }
        let status = store.status(&location).await.expect("status");
        assert!(status.sources.is_empty(), "{status:?}");
        assert!(status.imports.is_empty());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kev_and_epss_replace_by_cve() {
    on_both("exploitation", |store, location| async move {
        let mut import = store.import("kev", "test").await.expect("import");
        for due in ["2024-01-01", "2024-02-01"] {
            import
                .kev(&KevEntry {
                    cve: "CVE-2021-44228".into(),
                    date_added: "2021-12-10".into(),
                    due_date: Some(due.into()),
                    ..KevEntry::default()
                })
                .await
                .expect("kev");
        }
        import.commit().await.expect("commit");
        let mut import = store.import("epss", "test").await.expect("import");
        import
            .epss(&EpssScore {
                cve: "CVE-2021-44228".into(),
                score: 0.97565,
                percentile: 0.99996,
                date: Some("2026-11-24".into()),
            })
            .await
            .expect("epss");
        import.commit().await.expect("commit");
        let cves = vec!["CVE-2021-44228".to_owned(), "CVE-0000-0000".to_owned()];
        let kev = store.kev_for(&cves).await.expect("kev");
        assert_eq!(kev.len(), 1);
        assert_eq!(
            kev["CVE-2021-44228"].due_date.as_deref(),
            Some("2024-02-01")
        );
        let epss = store.epss_for(&cves).await.expect("epss");
        assert!((epss["CVE-2021-44228"].score - 0.97565).abs() < 1e-12);
        let status = store.status(&location).await.expect("status");
        assert_eq!((status.kev, status.epss), (1, 1));
        assert_eq!(status.epss_date.as_deref(), Some("2026-11-24"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_whose_worker_went_silent_is_taken_again_and_the_first_worker_loses_it() {
    use medcyber_model::platform::{Org, OrgKind};
    use medcyber_store::{Job, MAX_ATTEMPTS};
    on_both("store_jobs", |store, _| async move {
        let mut change = store.change().await.expect("change");
        let org = Org {
            id: "org-1".to_owned(),
            name: "ACME Medical".to_owned(),
            kind: OrgKind::Manufacturer,
            created: "2026-12-07T00:00:00Z".to_owned(),
        };
        change.insert_org(&org).await.expect("org");
        let job = Job {
            id: "job-1".to_owned(),
            org: org.id.clone(),
            kind: "import".to_owned(),
            status: "queued".to_owned(),
            input: "{}".to_owned(),
            created: "2026-12-07T10:00:00.000000Z".to_owned(),
            created_by: "test".to_owned(),
            started: None,
            finished: None,
            worker: None,
            attempts: 0,
            result: None,
            error: None,
        };
        change
            .insert_job(&job, Some(b"payload"))
            .await
            .expect("job");
        change.commit().await.expect("commit");

        // Times are passed in: the first claim at 10:01; a stale cut-off before that leaves
        // the running job alone, one after it hands it to another worker.
        let (claimed, payload) = store
            .claim_job(
                "w1",
                "2026-12-07T10:01:00.000000Z",
                "2026-12-07T09:00:00.000000Z",
            )
            .await
            .expect("claim")
            .expect("the job");
        assert_eq!((claimed.status.as_str(), claimed.attempts), ("running", 1));
        assert_eq!(payload.as_deref(), Some(&b"payload"[..]));
        assert!(
            store
                .claim_job(
                    "w2",
                    "2026-12-07T10:02:00.000000Z",
                    "2026-12-07T10:00:00.000000Z"
                )
                .await
                .expect("claim")
                .is_none(),
            "a running job is not taken while its worker is within the stale time"
        );
        let (again, _) = store
            .claim_job(
                "w2",
                "2026-12-07T11:30:00.000000Z",
                "2026-12-07T10:30:00.000000Z",
            )
            .await
            .expect("claim")
            .expect("the stale job");
        assert_eq!((again.worker.as_deref(), again.attempts), (Some("w2"), 2));
        // The silent worker comes back: its result is refused, the new worker's kept.
        assert!(
            !store
                .finish_job(
                    "job-1",
                    "w1",
                    "done",
                    Some("{\"by\":1}"),
                    None,
                    "2026-12-07T11:31:00Z"
                )
                .await
                .expect("finish")
        );
        // Taken a third time, then no more.
        let (third, _) = store
            .claim_job(
                "w3",
                "2026-12-07T13:00:00.000000Z",
                "2026-12-07T12:00:00.000000Z",
            )
            .await
            .expect("claim")
            .expect("a third claim");
        assert_eq!(third.attempts, MAX_ATTEMPTS);
        assert!(
            store
                .claim_job(
                    "w4",
                    "2026-12-07T15:00:00.000000Z",
                    "2026-12-07T14:00:00.000000Z"
                )
                .await
                .expect("claim")
                .is_none(),
            "after {MAX_ATTEMPTS} claims a job is left as it is"
        );
        assert!(
            store
                .finish_job(
                    "job-1",
                    "w3",
                    "done",
                    Some("{\"by\":3}"),
                    None,
                    "2026-12-07T13:01:00Z"
                )
                .await
                .expect("finish")
        );
        let done = store
            .job(&org.id, "job-1")
            .await
            .expect("read")
            .expect("the job");
        assert_eq!(done.status, "done");
        assert_eq!(done.result.as_deref(), Some("{\"by\":3}"));
        assert_eq!(done.worker.as_deref(), Some("w3"));
        // Another organisation does not see it.
        assert!(store.job("org-2", "job-1").await.expect("read").is_none());
    })
    .await;
}
