//! The command line: global options, the command tree, and one dispatch.
//! Each command group lives in its own module with its `Args` and `run`;
//! none holds business logic, which is the library's.

mod args;
mod audit;
mod backup;
mod cache;
pub mod cpu;
mod db;
mod doctor;
mod events;
pub mod exit;
mod generate;
mod keys;
mod migrate;
pub mod output;
mod retention;
mod role;
mod secrets;
mod seed;
mod serve;
mod session;
mod setup;
mod token;
mod user;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, Result};
use clap::{Parser, Subcommand};
use platformctl::audit::{RunOutcome, record_run};
use platformctl::config::{Overrides, Settings};

use self::exit::ExitStatus;
use self::output::{Format, LogFormat, Printer};

const ABOUT: &str =
    "Administer the workspace platform's data: migrations, database, backups, secrets, health";

/// The settings' precedence, and the exit codes from their one table.
fn after_help() -> String {
    format!(
        "Settings come from flags, then the environment (a .env file included), then\n\
         platformctl.toml, then defaults. {}",
        ExitStatus::summary()
    )
}

#[derive(Debug, Parser)]
#[command(name = "platformctl", version, about = ABOUT, after_help = after_help(), propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,

    /// Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]
    #[arg(long, global = true, value_name = "URL[,URL...]")]
    pub redis_url: Option<String>,

    /// Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]
    #[arg(long, global = true, value_name = "DUR", value_parser = args::duration)]
    pub connect_timeout: Option<Duration>,

    /// Output format of the data on stdout
    #[arg(
        long,
        global = true,
        value_enum,
        env = "PLATFORMCTL_FORMAT",
        default_value = "text"
    )]
    pub format: Format,

    /// Same as --format json
    #[arg(long, global = true)]
    pub json: bool,

    /// Print nothing on stderr but errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Log format on stderr
    #[arg(
        long,
        global = true,
        value_enum,
        env = "PLATFORMCTL_LOG_FORMAT",
        default_value = "text"
    )]
    pub log_format: LogFormat,

    /// Never draw progress bars (they are drawn only on a terminal anyway)
    #[arg(long, global = true)]
    pub no_progress: bool,

    /// No colours [env: NO_COLOR]
    #[arg(long, global = true)]
    pub no_color: bool,

    /// Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]
    #[arg(
        long,
        global = true,
        value_name = "NAME",
        env = "PLATFORMCTL_ACTOR",
        hide_env = true
    )]
    pub actor: Option<String>,
}

impl GlobalArgs {
    pub fn format(&self) -> Format {
        if self.json { Format::Json } else { self.format }
    }

    fn overrides(&self) -> Overrides {
        Overrides {
            config_file: self.config.clone(),
            database_url: self.database_url.clone(),
            redis_url: self.redis_url.clone(),
            connect_timeout: self.connect_timeout,
            ..Overrides::default()
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database if missing and apply migrations; safe to run again
    Setup(setup::SetupArgs),
    /// Check reachability (PostgreSQL, Redis, RabbitMQ), versions, migrations, signing keys, Redis eviction, the outbox and clocks; exit 1 on a failed check
    Doctor(doctor::DoctorArgs),
    /// Create, drop or reset the database
    #[command(subcommand)]
    Db(db::DbCommand),
    /// Apply, revert, inspect and verify schema migrations
    Migrate(migrate::MigrateArgs),
    /// Back up, verify, list, prune and restore the database
    #[command(subcommand)]
    Backup(backup::BackupCommand),
    /// Plan and run retention purges: archive, then delete, what has outlived its use
    #[command(subcommand)]
    Retention(retention::RetentionCommand),
    /// Warm, inspect, invalidate or flush the Redis cache
    #[command(subcommand)]
    Cache(cache::CacheCommand),
    /// Load seed files, or generate bulk sample data
    #[command(subcommand)]
    Seed(seed::SeedCommand),
    /// Manage the encryption of stored secrets
    #[command(subcommand)]
    Secrets(secrets::SecretsCommand),
    /// Create, list, show, change, disable and delete users
    #[command(subcommand)]
    User(user::UserCommand),
    /// List roles; grant and revoke them
    #[command(subcommand)]
    Role(role::RoleCommand),
    /// List and revoke user sessions
    #[command(subcommand)]
    Session(session::SessionCommand),
    /// Issue, list, revoke and verify JWTs
    #[command(subcommand)]
    Token(token::TokenCommand),
    /// Manage the Ed25519 keys that sign tokens, and publish them as a JWKS
    #[command(subcommand)]
    Keys(keys::KeysCommand),
    /// Read the audit trail
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Serve the platform's HTTP API: a public and an admin listener
    Serve(serve::ServeArgs),
    /// Relay domain events to RabbitMQ; inspect, retry and replay the outbox
    #[command(subcommand)]
    Events(events::EventsCommand),
    /// Print shell completions, or write them for every shell with --out
    Completions(generate::CompletionsArgs),
    /// Print the manual page, or write one page per command with --out
    Man(generate::ManArgs),
}

/// What every command gets: resolved settings and the printer.
pub struct Context {
    pub printer: Printer,
    overrides: Overrides,
    actor: platformctl::audit::Actor,
    /// The command's arguments as the audit trail records them.
    given_args: serde_json::Value,
}

impl Context {
    pub fn new(global: &GlobalArgs, printer: Printer, matches: &clap::ArgMatches) -> Context {
        Context {
            printer,
            given_args: args::given(matches),
            overrides: global.overrides(),
            actor: match &global.actor {
                Some(name) => platformctl::audit::Actor::named(name),
                None => platformctl::audit::Actor::from_os(),
            },
        }
    }

    /// Who acts, for the audit trail.
    pub fn actor(&self) -> &platformctl::audit::Actor {
        &self.actor
    }

    /// Resolves the settings, with command-specific overrides applied first.
    pub fn settings(&self, adjust: impl FnOnce(&mut Overrides)) -> Result<Settings> {
        let mut overrides = self.overrides.clone();
        adjust(&mut overrides);
        Settings::load(overrides).context("cannot resolve settings")
    }
}

pub async fn run(command: Command, ctx: &Context) -> Result<ExitStatus> {
    let audited = command.run_action();
    let result = dispatch(command, ctx).await;
    let outcome = match &result {
        Ok(_) => RunOutcome::Success,
        Err(error) => RunOutcome::Failed {
            kind: error
                .chain()
                .find_map(|cause| cause.downcast_ref::<platformctl::Error>())
                .map(platformctl::Error::kind),
            message: format!("{error:#}"),
        },
    };
    let record = match (audited, &outcome) {
        (Some((action, _)), RunOutcome::Failed { .. }) | (Some((action, true)), RunOutcome::Success) => {
            Some(action)
        }
        _ => None,
    };
    if let Some(action) = record
        && let Ok(target) = ctx.settings(|_| {}).and_then(|s| Ok(s.target()?))
    {
        record_run(&target, ctx.actor(), action, ctx.given_args.clone(), outcome).await;
    }
    result
}

impl Command {
    /// Whether the command watches for Ctrl-C itself (to drain requests)
    /// rather than being cancelled by it.
    pub fn handles_interrupts(&self) -> bool {
        matches!(
            self,
            Command::Serve(_) | Command::Events(events::EventsCommand::Relay(_))
        )
    }

    /// The CPU priority the command's process runs at, when it asks for
    /// one; set before the async runtime starts its threads.
    pub fn cpu_priority(&self) -> Option<cpu::CpuPriority> {
        match self {
            Command::Retention(cmd) => cmd.cpu_priority(),
            _ => None,
        }
    }

    /// The audit action of a command recorded as one run, by its name and
    /// arguments (none of them secret), because it commits many times or
    /// in transactions it cannot share. Account, token and key changes
    /// write their own rows in the library. `db drop` leaves nothing to
    /// write into, and `migrate new` only writes files.
    /// With it, whether a success is recorded too: a purge writes its own
    /// rows, so only a failure before it could is recorded here.
    fn run_action(&self) -> Option<(&'static str, bool)> {
        let on_success = |action: &'static str| (action, true);
        match self {
            Command::Setup(_) => Some(on_success("setup")),
            Command::Db(db::DbCommand::Create) => Some(on_success("db.create")),
            Command::Db(db::DbCommand::Reset(_)) => Some(on_success("db.reset")),
            Command::Migrate(args) => args.action().map(on_success),
            Command::Seed(cmd) => Some(on_success(cmd.action())),
            Command::Backup(cmd) => cmd.action().map(on_success),
            Command::Cache(cmd) => cmd.action().map(on_success),
            Command::Retention(cmd) => cmd.action().map(|action| (action, false)),
            _ => None,
        }
    }
}

async fn dispatch(command: Command, ctx: &Context) -> Result<ExitStatus> {
    match command {
        Command::Setup(args) => setup::run(args, ctx).await,
        Command::Doctor(args) => doctor::run(args, ctx).await,
        Command::Db(cmd) => db::run(cmd, ctx).await,
        Command::Migrate(args) => migrate::run(args, ctx).await,
        Command::Backup(cmd) => backup::run(cmd, ctx).await,
        Command::Retention(cmd) => retention::run(cmd, ctx).await,
        Command::Cache(cmd) => cache::run(cmd, ctx).await,
        Command::Seed(cmd) => seed::run(cmd, ctx).await,
        Command::Secrets(cmd) => secrets::run(cmd, ctx).await,
        Command::User(cmd) => user::run(cmd, ctx).await,
        Command::Role(cmd) => role::run(cmd, ctx).await,
        Command::Session(cmd) => session::run(cmd, ctx).await,
        Command::Token(cmd) => token::run(cmd, ctx).await,
        Command::Keys(cmd) => keys::run(cmd, ctx).await,
        Command::Audit(cmd) => audit::run(cmd, ctx).await,
        Command::Serve(args) => serve::run(args, ctx).await,
        Command::Events(cmd) => events::run(cmd, ctx).await,
        Command::Completions(args) => generate::completions(args, ctx),
        Command::Man(args) => generate::man(args, ctx),
    }
}
