//! `platformctl serve`: the platform's HTTP API (the library's `api`).

use anyhow::Result;
use clap::Args;
use platformctl::api::{self, Stopped};
use platformctl::migrate::MigrationSet;

use super::Context;
use super::exit::ExitStatus;

#[derive(Debug, Args)]
#[command(after_help = "\
The public listener serves /api/v1 and /.well-known/jwks.json; the admin
listener serves /health/alive, /health/ready (PostgreSQL, Redis, no pending
migration), /metrics (Prometheus) and /version: keep it internal.

SIGTERM or Ctrl-C stops accepting, lets requests in flight finish within
[server] drain_timeout (30s), then exits 0. Refuses to start (65, 66) on a
database whose history `migrate up` would refuse; a pending migration only
makes it unready. Limits and the pool are set in [server] of platformctl.toml.")]
pub struct ServeArgs {
    /// Public listener [env: PLATFORMCTL_LISTEN] [default: [server] listen, or 127.0.0.1:8000]
    #[arg(long, value_name = "ADDR")]
    listen: Option<String>,

    /// Admin listener [env: PLATFORMCTL_ADMIN_LISTEN] [default: [server] admin_listen, or 127.0.0.1:8001]
    #[arg(long, value_name = "ADDR")]
    admin_listen: Option<String>,
}

pub async fn run(args: ServeArgs, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|o| {
        o.listen = args.listen.clone();
        o.admin_listen = args.admin_listen.clone();
    })?;
    let migrations = MigrationSet::embedded()?;
    let stopped = api::serve(settings, migrations, shutdown_signal(), |bound| {
        printer.status(
            "Listening",
            format!("public http://{}, admin http://{}", bound.public, bound.admin),
        )
    })
    .await?;
    match stopped {
        Stopped::Drained => printer.status("Stopped", "every request in flight finished"),
        Stopped::DeadlinePassed => {
            printer.warn("stopped at the drain deadline; requests still in flight were cut")
        }
    }
    Ok(ExitStatus::Success)
}

/// SIGTERM (a service manager, a container runtime) or Ctrl-C.
pub(super) async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(term) => term,
            Err(e) => {
                tracing::warn!("cannot watch for SIGTERM ({e}); Ctrl-C still stops the server");
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
