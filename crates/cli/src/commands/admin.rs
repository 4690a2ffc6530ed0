//! `medcyber admin create-org|create-user|create-token` and `medcyber audit verify`.

use std::io::BufRead as _;

use anyhow::Context as _;
use medcyber_model::platform::{OrgKind, Role};
use medcyber_store::{Location, Store};
use serde_json::json;

use crate::ExitStatus;
use crate::args::{AdminCommand, AuditCommand, DataArgs};
use crate::commands::db;
use crate::output;

/// The platform's database: `--database-url`, `medcyber.db` in `--data-dir`, or the default
/// database of `medcyber db`.
pub fn location(args: &DataArgs) -> anyhow::Result<Location> {
    if let Some(url) = &args.database_url {
        let location = Location::parse(url);
        if !matches!(location, Location::Postgres(_)) {
            anyhow::bail!("--database-url must be a postgres:// URL (use --data-dir for SQLite)");
        }
        return Ok(location);
    }
    if let Some(dir) = &args.data_dir {
        return Ok(Location::Sqlite(dir.join("medcyber.db")));
    }
    db::location(&crate::args::DbLocationArgs { db: None })
}

/// Opens the platform's database.
pub async fn open(args: &DataArgs) -> anyhow::Result<Store> {
    db::open(&location(args)?).await
}

/// How the operator is named in the audit log.
fn operator() -> String {
    let login = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".to_owned());
    format!("cli:{login}")
}

/// Runs an `admin` subcommand.
pub fn run(cmd: AdminCommand) -> anyhow::Result<ExitStatus> {
    db::runtime()?.block_on(async {
        match cmd {
            AdminCommand::CreateOrg { name, kind, data } => {
                let kind = OrgKind::parse(&kind).context("unknown organisation kind")?;
                let store = open(&data).await?;
                let org =
                    medcyber_core::accounts::create_org(&store, &name, kind, &operator()).await;
                store.close().await;
                output::line(&org?.id)?;
            }
            AdminCommand::CreateUser {
                org,
                email,
                role,
                data,
            } => {
                let role = Role::parse(&role).context("unknown role")?;
                let mut password = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut password)
                    .context("cannot read the password from standard input")?;
                let password = password.trim_end_matches(['\n', '\r']);
                let store = open(&data).await?;
                let user = medcyber_core::accounts::create_user(
                    &store,
                    &org,
                    &email,
                    role,
                    password,
                    &operator(),
                )
                .await;
                store.close().await;
                output::line(&user?.id)?;
            }
            AdminCommand::CreateToken {
                email,
                expires_days,
                data,
            } => {
                let store = open(&data).await?;
                let token = medcyber_core::accounts::create_token(
                    &store,
                    &email,
                    expires_days,
                    &operator(),
                )
                .await;
                store.close().await;
                output::line(&token?.secret)?;
            }
        }
        Ok(ExitStatus::Success)
    })
}

/// Runs an `audit` subcommand.
pub fn audit(cmd: AuditCommand) -> anyhow::Result<ExitStatus> {
    let AuditCommand::Verify { format, data } = cmd;
    let verification = db::runtime()?.block_on(async {
        let store = open(&data).await?;
        let verification = medcyber_core::audit::verify(&store).await;
        store.close().await;
        verification.map_err(anyhow::Error::from)
    })?;
    if format == "json" {
        output::json(&json!({
            "events": verification.events,
            "intact": verification.broken.is_none(),
            "broken": verification.broken,
        }))?;
    } else {
        match &verification.broken {
            None => output::line(&format!(
                "audit trail intact: {} events, every hash verified",
                verification.events
            ))?,
            Some(link) => output::line(&format!(
                "audit trail broken at event {}: {}",
                link.seq, link.reason
            ))?,
        }
    }
    Ok(if verification.broken.is_none() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}
