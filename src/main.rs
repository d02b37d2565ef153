//! The `platformctl` binary: parse, set up logging, run, map the outcome to an
//! exit code. Everything else is in `cli/` (rendering) and the library (work).

#![deny(clippy::print_stdout, clippy::print_stderr)]

mod cli;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use tracing_subscriber::EnvFilter;

use cli::exit::ExitStatus;
use cli::output::{LogFormat, Printer};
use cli::{Cli, Context};

fn main() -> ExitCode {
    // Values already in the environment win over .env, as documented.
    let _ = dotenvy::dotenv();
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let global = &cli.global;
    let printer = Printer::new(global.format(), global.quiet, global.no_color, global.no_progress);
    init_logging(global.verbose, global.quiet, global.log_format);

    let ctx = Context::new(global, printer.clone(), &matches);
    if let Some(priority) = cli.command.cpu_priority() {
        match cli::cpu::set(priority) {
            Ok(true) => tracing::debug!("CPU priority: {priority:?}"),
            Ok(false) => tracing::debug!("this system has no idle CPU priority; running at normal"),
            Err(e) => tracing::warn!("cannot lower this process's CPU priority: {e}"),
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            printer.error(
                &anyhow::Error::new(e).context("cannot start the async runtime"),
                70,
            );
            return ExitCode::from(ExitStatus::Internal.code());
        }
    };
    let outcome = runtime.block_on(async {
        if cli.command.handles_interrupts() {
            return cli::run(cli.command, &ctx).await;
        }
        // Ctrl-C drops the command's future: open transactions roll back and
        // lock connections close, which releases their locks on the server.
        tokio::select! {
            outcome = cli::run(cli.command, &ctx) => outcome,
            _ = tokio::signal::ctrl_c() => Err(platformctl::Error::Interrupted.into()),
        }
    });
    // Do not wait for background tasks of a cancelled command.
    runtime.shutdown_background();

    let status = match outcome {
        Ok(status) => status,
        Err(error) => {
            let status = ExitStatus::for_error(&error);
            printer.error(&error, status.code());
            status
        }
    };
    ExitCode::from(status.code())
}

fn init_logging(verbose: u8, quiet: bool, format: LogFormat) {
    let default = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        _ => "trace",
    };
    // sqlx warns about every statement over a second; for a tool whose job
    // is long statements (migrations, bulk loads, purges) that is noise, so
    // it shows only from -v on.
    // lapin logs every returned message whole, body included, at warn; the
    // relay reports them itself, without the body (below -vv).
    let default = match verbose {
        0 => format!("{default},sqlx::query=error,lapin=error"),
        1 => format!("{default},lapin=error"),
        _ => default.to_owned(),
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false);
    if format == LogFormat::Json {
        builder.json().init();
    } else {
        builder
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init();
    }
}
