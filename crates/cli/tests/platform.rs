//! `medcyber admin`, `medcyber serve` and `medcyber audit verify` from the built binary: the
//! exact admin contract, a real server on a loopback port answering with a token the CLI made,
//! and the audit chain the commands wrote.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command as Process, Stdio};

#[allow(dead_code)] // `import` serves the feed tests, not this one.
mod common;
use common::medcyber;

fn admin(dir: &Path, args: &[&str], stdin: &str) -> std::process::Output {
    medcyber()
        .arg("admin")
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .write_stdin(stdin)
        .output()
        .expect("run")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// One HTTP/1.1 request on loopback; the whole response as text.
fn http(port: u16, method: &str, path: &str, token: Option<&str>, body: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("write");
    let mut out = String::new();
    stream.read_to_string(&mut out).expect("read");
    out
}

#[test]
fn admin_commands_serve_and_audit_verify() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();

    let out = admin(
        d,
        &[
            "create-org",
            "--name",
            "ACME Medical",
            "--kind",
            "manufacturer",
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim().len(), 36, "prints the id");
    let out = admin(
        d,
        &[
            "create-org",
            "--name",
            "ACME Medical",
            "--kind",
            "manufacturer",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("already exists"),
        "{}",
        text(&out.stderr)
    );
    let out = admin(d, &["create-org", "--name", "X", "--kind", "vendor"], "");
    assert_eq!(out.status.code(), Some(2));

    let user = [
        "create-user",
        "--org",
        "ACME Medical",
        "--email",
        "psirt@acme.example",
        "--role",
        "security_engineer",
    ];
    let out = admin(d, &user, "short\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("at least 12"),
        "{}",
        text(&out.stderr)
    );
    let out = admin(d, &user, "correct horse battery staple\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = admin(
        d,
        &[
            "create-user",
            "--org",
            "Nobody",
            "--email",
            "a@b.example",
            "--role",
            "viewer",
        ],
        "a long enough passphrase\n",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no organisation"),
        "{}",
        text(&out.stderr)
    );

    let out = admin(
        d,
        &[
            "create-token",
            "--email",
            "psirt@acme.example",
            "--expires-days",
            "30",
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token = text(&out.stdout).trim().to_owned();
    assert!(
        token.starts_with("mcy_") && token.len() == 68,
        "only the token: {token}"
    );
    assert!(token[4..].bytes().all(|b| b.is_ascii_hexdigit()));
    let out = admin(d, &["create-token", "--email", "nobody@acme.example"], "");
    assert_eq!(out.status.code(), Some(2));

    // A real server on a free loopback port.
    let data_dir = d.to_string_lossy().into_owned();
    let (mut server, port) = start_server(&["--data-dir", &data_dir]);
    let health = http(port, "GET", "/healthz", None, "");
    let unauthenticated = http(port, "GET", "/api/v1/products", None, "");
    let created = http(
        port,
        "POST",
        "/api/v1/products",
        Some(&token),
        r#"{"name":"Infusion pump"}"#,
    );
    let listed = http(port, "GET", "/api/v1/products", Some(&token), "");
    let openapi = http(port, "GET", "/api/openapi.json", None, "");
    let _ = server.kill();
    let _ = server.wait();
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(
        unauthenticated.starts_with("HTTP/1.1 401"),
        "{unauthenticated}"
    );
    assert!(unauthenticated.contains("application/problem+json"));
    assert!(created.starts_with("HTTP/1.1 201"), "{created}");
    assert!(listed.contains("\"name\":\"Infusion pump\""), "{listed}");
    assert!(
        openapi.contains("\"openapi\":\"3.1"),
        "{}",
        &openapi[..openapi.len().min(400)]
    );
    assert!(openapi.contains("/api/v1/versions/{id}/findings"));

    let out = medcyber()
        .args(["audit", "verify", "--format", "json", "--data-dir"])
        .arg(d)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let verdict: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(verdict["intact"], true);
    // org, user, token, product.
    assert_eq!(verdict["events"], 4);
}

#[test]
fn demo_seeds_a_portfolio_and_prints_logins() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut demo = Process::new(assert_cmd::cargo::cargo_bin("medcyber"))
        .args(["demo", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .env("MEDCYBER_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("demo");
    let mut lines = BufReader::new(demo.stderr.take().expect("stderr")).lines();
    let mut token = None;
    let mut port = None;
    for line in lines.by_ref() {
        let line = line.expect("line");
        if let Some(t) = line.strip_prefix("demo: manufacturer API token: ") {
            token = Some(t.trim().to_owned());
        }
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            port = rest
                .split_whitespace()
                .next()
                .and_then(|p| p.parse::<u16>().ok());
            break;
        }
    }
    let (token, port) = (token.expect("a token"), port.expect("a port"));
    let products = http(port, "GET", "/api/v1/products", Some(&token), "");
    let _ = demo.kill();
    let _ = demo.wait();
    assert!(products.contains("Bedside monitor BM-200"), "{products}");
    assert!(products.contains("Infusion pump IP-7"), "{products}");
    assert!(products.contains("\"total\":2"), "{products}");

    // New advisory data imported with the CLI into the platform's database queues re-scans
    // of the stored SBOMs, which a server's workers run.
    let advisory = dir.path().join("MCY-TEST-0002.json");
    std::fs::write(
        &advisory,
        r#"{"schema_version": "1.6.0", "id": "MCY-TEST-0002", "modified": "2026-12-01T00:00:00Z",
            "affected": [{"package": {"ecosystem": "PyPI", "name": "medcyber-test"},
            "versions": ["1.0"]}]}"#,
    )
    .expect("advisory");
    let out = medcyber()
        .args(["db", "import", "--source", "osv", "--db"])
        .arg(dir.path().join("medcyber.db"))
        .arg(&advisory)
        .output()
        .expect("import");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("queued: a re-scan of the stored SBOMs of 1 organisation(s)"),
        "{}",
        text(&out.stderr)
    );
    let data_dir = dir.path().to_string_lossy().into_owned();
    let (mut server, port) = start_server(&["--data-dir", &data_dir]);
    let mut jobs = String::new();
    for _ in 0..100 {
        jobs = http(port, "GET", "/api/v1/jobs", Some(&token), "");
        if jobs.contains("\"kind\":\"rescan\"") && jobs.contains("\"status\":\"done\"") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = server.kill();
    let _ = server.wait();
    assert!(jobs.contains("\"created_by\":\"cli:db-import\""), "{jobs}");
    assert!(jobs.contains("\"status\":\"done\""), "{jobs}");
}

/// Starts `medcyber serve` with `args`; the server and its port.
fn start_server(args: &[&str]) -> (std::process::Child, u16) {
    let mut server = Process::new(assert_cmd::cargo::cargo_bin("medcyber"))
        .arg("serve")
        .args(["--bind", "127.0.0.1:0"])
        .args(args)
        .env("MEDCYBER_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve");
    let stderr = server.stderr.take().expect("stderr");
    let mut line = String::new();
    BufReader::new(stderr).read_line(&mut line).expect("banner");
    let port: u16 = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    (server, port)
}

fn json_body(response: &str) -> serde_json::Value {
    let body = response.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {response}"))
}

#[test]
fn two_servers_on_one_postgresql_database_share_the_jobs() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let Some((url, db)) = runtime.block_on(medcyber_testdata::postgres("two_servers")) else {
        return;
    };
    let admin_pg = |args: &[&str], stdin: &str| {
        let out = medcyber()
            .arg("admin")
            .args(args)
            .args(["--database-url", &url])
            .write_stdin(stdin)
            .output()
            .expect("run");
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout).trim().to_owned()
    };
    admin_pg(
        &[
            "create-org",
            "--name",
            "ACME Medical",
            "--kind",
            "manufacturer",
        ],
        "",
    );
    admin_pg(
        &[
            "create-user",
            "--org",
            "ACME Medical",
            "--email",
            "owner@acme.example",
            "--role",
            "owner",
        ],
        "a long enough passphrase\n",
    );
    let token = admin_pg(&["create-token", "--email", "owner@acme.example"], "");
    // Two servers (each migrating at start: they take turns) and one queue.
    let servers = [
        start_server(&["--database-url", &url, "--workers", "1"]),
        start_server(&["--database-url", &url, "--workers", "1"]),
    ];
    let kev = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples/advisories/kev.json"),
    )
    .expect("kev sample");
    let osv = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../data/samples/advisories/osv/RUSTSEC-2021-0003.json"),
    )
    .expect("osv sample");
    let jobs = 20;
    for i in 0..jobs {
        let port = servers[i % 2].1;
        let (uri, body) = if i % 3 == 0 {
            ("/api/v1/imports?source=osv&name=osv.json", osv.as_str())
        } else {
            ("/api/v1/imports?source=kev&name=kev.json", kev.as_str())
        };
        let answer = http(port, "POST", uri, Some(&token), body);
        assert!(answer.starts_with("HTTP/1.1 202"), "{answer}");
    }
    let started = std::time::Instant::now();
    let list = loop {
        let list = json_body(&http(
            servers[0].1,
            "GET",
            "/api/v1/jobs?limit=100",
            Some(&token),
            "",
        ));
        let items = list["items"].as_array().cloned().unwrap_or_default();
        if items.len() == jobs
            && items
                .iter()
                .all(|j| j["status"] == "done" || j["status"] == "failed")
        {
            break items;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(120),
            "the jobs did not finish: {list}"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    for (mut server, _) in servers {
        let _ = server.kill();
        let _ = server.wait();
    }
    runtime.block_on(medcyber_testdata::drop_postgres(&db));
    let mut workers = std::collections::BTreeSet::new();
    for job in &list {
        assert_eq!(job["status"], "done", "{job}");
        assert_eq!(job["attempts"], 1, "each job was taken once: {job}");
        workers.insert(job["worker"].as_str().unwrap_or("").to_owned());
    }
    assert_eq!(
        workers.len(),
        2,
        "both servers' workers took jobs: {workers:?}"
    );
}
