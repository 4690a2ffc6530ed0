//! `medcyber serve`: the platform server.

use anyhow::Context as _;
use medcyber_server::AppState;

use crate::ExitStatus;
use crate::args::ServeArgs;
use crate::commands::admin;
use crate::output;

/// Runs the server until Ctrl-C or SIGTERM.
pub fn run(args: ServeArgs) -> anyhow::Result<ExitStatus> {
    let filter = tracing_subscriber::EnvFilter::try_from_env("MEDCYBER_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if args.log_format == "json" {
        subscriber.json().init();
    } else {
        subscriber.init();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let location = admin::location(&args.data)?;
        let store = admin::open(&args.data).await?;
        let listener = tokio::net::TcpListener::bind(&args.bind)
            .await
            .with_context(|| format!("cannot listen on {}", args.bind))?;
        let address = listener.local_addr().context("no local address")?;
        output::note(
            "medcyber",
            &format!("serving http://{address} (database {location})"),
        );
        let mut state = AppState::new(store.clone());
        state.import_dir = args.import_dir.clone();
        state.workers = args.workers;
        medcyber_server::serve(listener, state, shutdown())
            .await
            .context("the server failed")?;
        store.close().await;
        Ok(ExitStatus::Success)
    })
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
