//! Running migrations: under the migration lock, one migration at a time,
//! each with its history rows in the same transaction, each with PostgreSQL's
//! `lock_timeout` and `statement_timeout` set so that DDL never queues behind
//! a long transaction and stalls the traffic queued behind it.

use std::time::{Duration, Instant};

use sqlx::postgres::{PgConnection, PgDatabaseError, PgErrorPosition};

use super::history::{self, Direction, RunContext};
use super::lock::MigrationLock;
use super::plan::{self, DownTarget};
use super::source::{Migration, MigrationSet, Script};
use crate::config::MigrateSettings;
use crate::db::lock::LockHolder;
use crate::db::{self, Target};
use crate::error::{Error, ErrorKind, Result};
use crate::progress::Progress;
use crate::sql;

/// How a run behaves; built from [`MigrateSettings`].
#[derive(Debug, Clone)]
pub struct Options {
    pub lock_wait: Duration,
    pub lock_timeout: Duration,
    pub statement_timeout: Duration,
    /// Apply pending migrations older than the newest applied one.
    pub allow_out_of_order: bool,
}

impl From<&MigrateSettings> for Options {
    fn from(s: &MigrateSettings) -> Options {
        Options {
            lock_wait: s.lock_wait,
            lock_timeout: s.lock_timeout,
            statement_timeout: s.statement_timeout,
            allow_out_of_order: false,
        }
    }
}

/// What a run reports while it works, for progress output.
#[derive(Debug)]
pub enum Event<'a> {
    WaitingForLock(Option<&'a LockHolder>),
    Started {
        migration: &'a Migration,
        direction: Direction,
    },
    Finished {
        migration: &'a Migration,
        direction: Direction,
        elapsed: Duration,
    },
}

/// One migration that ran.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Step {
    pub version: i64,
    pub description: String,
    pub direction: Direction,
    pub elapsed_ms: f64,
}

/// One script a dry run would execute.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PlannedScript {
    pub version: i64,
    pub description: String,
    pub direction: Direction,
    pub file: String,
    pub no_transaction: bool,
    pub sql: String,
}

/// A migration that failed, with where and why.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MigrationFailure {
    pub version: i64,
    pub description: String,
    pub direction: Direction,
    pub file: String,
    /// 1-based index of the failing statement, and how many the file has.
    pub statement_number: usize,
    pub statement_count: usize,
    pub statement: String,
    /// Where in the file: the error's position when the server gave one,
    /// else the statement's start.
    pub line: usize,
    pub column: usize,
    pub sqlstate: Option<String>,
    pub message: String,
    pub detail: Option<String>,
    pub hint: Option<String>,
    /// For a `-- no-transaction` script: statements before the failing one
    /// are committed and were not undone.
    pub no_transaction: bool,
    #[serde(skip)]
    kind: ErrorKind,
}

impl MigrationFailure {
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

impl std::error::Error for MigrationFailure {}

impl std::fmt::Display for MigrationFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "migration {} ({}) failed going {} at {}:{}:{}, statement {} of {}:",
            self.version,
            self.description,
            self.direction.as_str(),
            self.file,
            self.line,
            self.column,
            self.statement_number,
            self.statement_count
        )?;
        for line in excerpt(&self.statement).lines() {
            writeln!(f, "    {line}")?;
        }
        match &self.sqlstate {
            Some(code) => write!(f, "PostgreSQL error {code}: {}", self.message)?,
            None => write!(f, "{}", self.message)?,
        }
        if let Some(detail) = &self.detail {
            write!(f, "\ndetail: {detail}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\nhint: {hint}")?;
        }
        match self.sqlstate.as_deref() {
            Some("55P03") => write!(
                f,
                "\nThe migration waited longer than its lock timeout for a table in use. Retry when traffic is lower, or raise --ddl-lock-timeout."
            )?,
            Some("57014") => write!(
                f,
                "\nA statement ran longer than its statement timeout (or was cancelled). Raise --statement-timeout if it must run longer."
            )?,
            _ => {}
        }
        if self.no_transaction {
            match self.statement_number {
                1 => write!(
                    f,
                    "\nThis script runs outside a transaction; none of its statements had committed."
                )?,
                n => write!(
                    f,
                    "\nThis script runs outside a transaction: statements 1 to {} were committed and are not undone.",
                    n - 1
                )?,
            }
            if self.statement.to_ascii_uppercase().contains("CONCURRENTLY") {
                write!(
                    f,
                    " An index built CONCURRENTLY that failed is left INVALID; drop it before running again."
                )?;
            }
            Ok(())
        } else {
            write!(
                f,
                "\nThe migration was rolled back; the database is as it was before it."
            )
        }
    }
}

/// At most 12 lines of a statement, for messages.
fn excerpt(statement: &str) -> String {
    let lines: Vec<&str> = statement.lines().collect();
    if lines.len() <= 12 {
        return statement.to_owned();
    }
    format!(
        "{}\n... ({} more lines)",
        lines[..12].join("\n"),
        lines.len() - 12
    )
}

pub struct Runner<'a> {
    target: &'a Target,
    set: &'a MigrationSet,
    options: Options,
    context: RunContext,
}

/// A run's connections: the lock's, and the one migrations run on.
struct Session {
    lock: MigrationLock,
    conn: PgConnection,
}

impl<'a> Runner<'a> {
    pub fn new(target: &'a Target, set: &'a MigrationSet, options: Options) -> Runner<'a> {
        Runner {
            target,
            set,
            options,
            context: RunContext::current(),
        }
    }

    fn application_name(&self) -> String {
        // PostgreSQL keeps 63 bytes: the pid first, so it survives truncation.
        format!(
            "platformctl migrate pid={} {}@{}",
            std::process::id(),
            self.context.os_user,
            self.context.host
        )
    }

    /// Takes the lock, then opens and prepares the connection migrations run on.
    async fn open(&self, events: &dyn for<'e> Progress<Event<'e>>) -> Result<Session> {
        let name = self.application_name();
        let waiting = |holder: Option<&LockHolder>| events.report(Event::WaitingForLock(holder));
        let lock = MigrationLock::acquire(self.target, &name, self.options.lock_wait, &waiting).await?;
        let mut conn = self.target.connect(&name).await?;
        prepare_connection(&mut conn).await?;
        history::ensure_tables(&mut conn).await?;
        let interrupted = history::mark_interrupted(&mut conn).await?;
        if interrupted > 0 {
            tracing::warn!(
                runs = interrupted,
                "earlier migration runs ended without finishing (killed or disconnected); see {}",
                history::LOG_TABLE
            );
        }
        Ok(Session { lock, conn })
    }

    async fn close(session: Session) -> Result<()> {
        db::close_quietly(session.conn).await;
        session.lock.release().await
    }

    /// Applies pending migrations, up to and including `to` when given.
    pub async fn up(&self, to: Option<i64>, events: &dyn for<'e> Progress<Event<'e>>) -> Result<Vec<Step>> {
        let mut session = self.open(events).await?;
        let applied = history::applied(&mut session.conn).await?;
        let plan = plan::plan_up(self.set, &applied, to, self.options.allow_out_of_order)?;
        let steps = self.run(&mut session, &plan, Direction::Up, events).await?;
        Self::close(session).await?;
        Ok(steps)
    }

    /// Reverts applied migrations, newest first.
    pub async fn down(
        &self,
        target: DownTarget,
        events: &dyn for<'e> Progress<Event<'e>>,
    ) -> Result<Vec<Step>> {
        let mut session = self.open(events).await?;
        let applied = history::applied(&mut session.conn).await?;
        let plan = plan::plan_down(self.set, &applied, target)?;
        let steps = self.run(&mut session, &plan, Direction::Down, events).await?;
        Self::close(session).await?;
        Ok(steps)
    }

    /// Reverts the newest `steps` migrations and applies them again, under one lock.
    pub async fn redo(&self, steps: usize, events: &dyn for<'e> Progress<Event<'e>>) -> Result<Vec<Step>> {
        let mut session = self.open(events).await?;
        let applied = history::applied(&mut session.conn).await?;
        let mut plan = plan::plan_down(self.set, &applied, DownTarget::Steps(steps))?;
        let mut done = self.run(&mut session, &plan, Direction::Down, events).await?;
        plan.reverse();
        done.extend(self.run(&mut session, &plan, Direction::Up, events).await?);
        Self::close(session).await?;
        Ok(done)
    }

    /// The scripts `up` would run, in order; writes nothing and takes no lock.
    pub async fn dry_run_up(&self, to: Option<i64>) -> Result<Vec<PlannedScript>> {
        let applied = self.read_history().await?;
        let plan = plan::plan_up(self.set, &applied, to, self.options.allow_out_of_order)?;
        Ok(planned(&plan, Direction::Up))
    }

    /// The scripts `down` would run, in order; writes nothing and takes no lock.
    pub async fn dry_run_down(&self, target: DownTarget) -> Result<Vec<PlannedScript>> {
        let applied = self.read_history().await?;
        let plan = plan::plan_down(self.set, &applied, target)?;
        Ok(planned(&plan, Direction::Down))
    }

    async fn read_history(&self) -> Result<Vec<history::AppliedMigration>> {
        let mut conn = self.target.connect(&self.application_name()).await?;
        let applied = history::applied(&mut conn).await?;
        db::close_quietly(conn).await;
        Ok(applied)
    }

    async fn run(
        &self,
        session: &mut Session,
        plan: &[&'a Migration],
        direction: Direction,
        events: &dyn for<'e> Progress<Event<'e>>,
    ) -> Result<Vec<Step>> {
        let mut steps = Vec::with_capacity(plan.len());
        for &migration in plan {
            events.report(Event::Started { migration, direction });
            let elapsed = run_one(
                &mut session.conn,
                Some(&mut session.lock),
                migration,
                direction,
                &self.options,
                &self.context,
            )
            .await?;
            events.report(Event::Finished {
                migration,
                direction,
                elapsed,
            });
            steps.push(Step {
                version: migration.version,
                description: migration.description.clone(),
                direction,
                elapsed_ms: elapsed.as_secs_f64() * 1e3,
            });
        }
        Ok(steps)
    }
}

fn planned(plan: &[&Migration], direction: Direction) -> Vec<PlannedScript> {
    plan.iter()
        .map(|m| {
            let script = script_for(m, direction);
            PlannedScript {
                version: m.version,
                description: m.description.clone(),
                direction,
                file: script.file.clone(),
                no_transaction: script.no_transaction,
                sql: script.sql.clone(),
            }
        })
        .collect()
}

fn script_for(m: &Migration, direction: Direction) -> &Script {
    match direction {
        Direction::Up => &m.up,
        Direction::Down => m
            .down
            .as_ref()
            .expect("plan_down only returns migrations with a down script"),
    }
}

/// Makes the server notice within a second when this client dies mid-statement
/// (PostgreSQL 14+), so a killed run's statement stops and its locks go away
/// at once instead of when the statement would have finished.
pub(crate) async fn prepare_connection(conn: &mut PgConnection) -> Result<()> {
    let info = db::server_info(conn).await?;
    if info.version_num >= 140000 {
        sqlx::raw_sql("SET client_connection_check_interval = '1s'")
            .execute(conn)
            .await
            .map_err(Error::db("configuring the migration connection"))?;
    }
    Ok(())
}

/// One migration to run in one direction, and what its run needs.
struct Job<'a> {
    migration: &'a Migration,
    direction: Direction,
    script: &'a Script,
    statements: Vec<sql::Statement<'a>>,
    options: &'a Options,
    log_id: i64,
    started: Instant,
}

/// Runs one migration in one direction, with its bookkeeping. With a lock,
/// checks first (concurrently with writing the log row, on its own
/// connection) that the lock is still held.
pub(crate) async fn run_one(
    conn: &mut PgConnection,
    lock: Option<&mut MigrationLock>,
    migration: &Migration,
    direction: Direction,
    options: &Options,
    context: &RunContext,
) -> Result<Duration> {
    let script = script_for(migration, direction);
    let log_started = history::log_started(conn, migration, direction, context);
    let log_id = match lock {
        Some(lock) => {
            let (held, log_id) = tokio::join!(lock.ensure_held(), log_started);
            held?;
            log_id?
        }
        None => log_started.await?,
    };
    let job = Job {
        migration,
        direction,
        script,
        statements: sql::split(&script.sql),
        options,
        log_id,
        started: Instant::now(),
    };
    let outcome = if script.no_transaction {
        run_outside_transaction(conn, &job).await
    } else {
        run_in_transaction(conn, &job).await
    };
    if let Err(error) = &outcome {
        // The migration's transaction is gone; record the failure on its own.
        let message = error.to_string();
        if let Err(log_error) = history::log_failed(conn, job.log_id, &message, job.started.elapsed()).await {
            tracing::warn!(error = %log_error, "could not record the failed run in {}", history::LOG_TABLE);
        }
    }
    outcome
}

/// The migration's timeouts, as SET statements (`LOCAL` inside its transaction).
fn timeouts_sql(options: &Options, local: bool) -> String {
    let scope = if local { "SET LOCAL" } else { "SET" };
    format!(
        "{scope} lock_timeout = '{}ms'; {scope} statement_timeout = '{}ms'",
        options.lock_timeout.as_millis(),
        options.statement_timeout.as_millis()
    )
}

/// Executes the job's statements in order, stopping at the first failure.
async fn execute_statements(conn: &mut PgConnection, job: &Job<'_>) -> Result<()> {
    for (index, statement) in job.statements.iter().enumerate() {
        if let Err(e) = sqlx::raw_sql(sqlx::AssertSqlSafe(statement.text))
            .execute(&mut *conn)
            .await
        {
            return Err(failure(job, index, e));
        }
    }
    Ok(())
}

/// The transaction is opened and closed with plain BEGIN/COMMIT so that BEGIN
/// and the timeouts travel in one round trip. If this future is dropped
/// (Ctrl-C), the connection is dropped with it and the server rolls back.
async fn run_in_transaction(conn: &mut PgConnection, job: &Job<'_>) -> Result<Duration> {
    let begin = format!("BEGIN; {}", timeouts_sql(job.options, true));
    sqlx::raw_sql(sqlx::AssertSqlSafe(begin))
        .execute(&mut *conn)
        .await
        .map_err(Error::db("starting the migration transaction"))?;
    let mut outcome = execute_statements(conn, job).await;
    if outcome.is_ok() {
        let elapsed = job.started.elapsed();
        outcome = history::record_success(conn, job.migration, job.direction, job.log_id, elapsed).await;
    }
    if let Err(e) = outcome {
        let _ = sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await;
        return Err(e);
    }
    let elapsed = job.started.elapsed();
    sqlx::raw_sql("COMMIT")
        .execute(&mut *conn)
        .await
        .map_err(Error::db(format!(
            "committing migration {}",
            job.migration.version
        )))?;
    Ok(elapsed)
}

async fn run_outside_transaction(conn: &mut PgConnection, job: &Job<'_>) -> Result<Duration> {
    sqlx::raw_sql(sqlx::AssertSqlSafe(timeouts_sql(job.options, false)))
        .execute(&mut *conn)
        .await
        .map_err(Error::db("setting the migration's timeouts"))?;
    let result = execute_statements(conn, job).await;
    // Back to the server's defaults for the bookkeeping and what follows.
    let reset = sqlx::raw_sql("RESET lock_timeout; RESET statement_timeout")
        .execute(&mut *conn)
        .await;
    result?;
    reset.map_err(Error::db("resetting timeouts"))?;
    // One statement: atomic without an explicit transaction.
    let elapsed = job.started.elapsed();
    history::record_success(conn, job.migration, job.direction, job.log_id, elapsed).await?;
    Ok(elapsed)
}

fn failure(job: &Job<'_>, index: usize, error: sqlx::Error) -> Error {
    let (migration, script) = (job.migration, job.script);
    let statement = job.statements[index];
    let pg = error
        .as_database_error()
        .and_then(|e| e.try_downcast_ref::<PgDatabaseError>());
    let offset_in_file = match pg.and_then(|e| e.position()) {
        Some(PgErrorPosition::Original(position)) => {
            statement.offset + sql::char_position_to_byte(statement.text, position)
        }
        _ => statement.offset,
    };
    let (line, column) = sql::line_col(&script.sql, offset_in_file);
    let kind = match crate::error::sqlx_kind(&error) {
        ErrorKind::Internal => ErrorKind::BadInput,
        other => other,
    };
    let (sqlstate, message, detail, hint) = match pg {
        Some(e) => (
            Some(e.code().to_owned()),
            e.message().to_owned(),
            e.detail().map(str::to_owned),
            e.hint().map(str::to_owned),
        ),
        None => (None, error.to_string(), None, None),
    };
    Error::detailed(
        kind,
        MigrationFailure {
            version: migration.version,
            description: migration.description.clone(),
            direction: job.direction,
            file: script.file.clone(),
            statement_number: index + 1,
            statement_count: job.statements.len(),
            statement: statement.text.to_owned(),
            line,
            column,
            sqlstate,
            message,
            detail,
            hint,
            no_transaction: script.no_transaction,
            kind,
        },
    )
}
