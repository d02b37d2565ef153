//! `platformctl user`: create, list, show, update, disable, enable,
//! set-password and delete users.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use clap::{Args, Subcommand, ValueEnum};
use platformctl::auth::accounts;
use platformctl::db::Target;
use platformctl::model::user::{NewUser, Role, User, UserChanges, UserStatus};
use platformctl::repo::PageRequest;
use platformctl::repo::users::{UserFilter, UserSort};
use sqlx::PgConnection;
use zeroize::Zeroizing;

use super::Context;
use super::args::{self, ConfirmArgs, find_user, find_user_any};
use super::exit::ExitStatus;
use super::output::{Printer, rfc3339};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; the password is asked twice at a terminal, or read from stdin or a file
    #[command(after_help = "\
Passwords are never taken from a flag (they would land in shell history and
`ps`). They must have at least 12 characters, not contain the email's name,
and not be a common password; a refusal says which rule failed (exit 65).")]
    Create(CreateArgs),
    /// List users as a table or JSON, with filters and pages
    List(ListArgs),
    /// Show a user with their roles, sessions and active tokens
    Show(UserArg),
    /// Change a user's name or role
    Update(UpdateArgs),
    /// Disable a user: their tokens and sessions are revoked at once
    Disable(UserArg),
    /// Enable a disabled user (revoked tokens stay revoked)
    Enable(UserArg),
    /// Set a user's password (asked twice at a terminal, or from stdin or a file)
    SetPassword(SetPasswordArgs),
    /// Delete a user (soft); --hard also erases their personal data
    #[command(after_help = "\
Both revoke every token and session of the user. A soft delete keeps the
row (the email can be reused by a new user). --hard replaces the email, name,
password and preferences, and deletes the profile and linked accounts: it
cannot be undone, so it asks for confirmation (or --yes).")]
    Delete(DeleteArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RoleArg {
    Admin,
    User,
    Readonly,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Role {
        match role {
            RoleArg::Admin => Role::Admin,
            RoleArg::User => Role::User,
            RoleArg::Readonly => Role::Readonly,
        }
    }
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("password_source").multiple(false))]
pub struct PasswordArgs {
    /// Read the password from stdin (one line)
    #[arg(long, group = "password_source")]
    password_stdin: bool,
    /// Read the password from the first line of FILE
    #[arg(long, value_name = "FILE", group = "password_source")]
    password_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    #[arg(long)]
    email: String,
    #[arg(long)]
    name: String,
    #[arg(long, value_enum, default_value = "user")]
    role: RoleArg,
    #[command(flatten)]
    password: PasswordArgs,
    /// No password: the user signs in only through GitHub or Azure
    #[arg(long, conflicts_with_all = ["password_stdin", "password_file"])]
    no_password: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum StatusArg {
    Active,
    Disabled,
    Deleted,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, value_enum)]
    role: Option<RoleArg>,
    #[arg(long, value_enum)]
    status: Option<StatusArg>,
    /// Part of the email or name
    #[arg(long, value_name = "Q")]
    search: Option<String>,
    #[command(flatten)]
    pages: args::PageArgs,
}

#[derive(Debug, Args)]
pub struct UserArg {
    /// An email address or a user id
    user: String,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// An email address or a user id
    user: String,
    #[arg(long, value_name = "N")]
    name: Option<String>,
    #[arg(long, value_enum, value_name = "R")]
    role: Option<RoleArg>,
}

#[derive(Debug, Args)]
pub struct SetPasswordArgs {
    /// An email address or a user id
    user: String,
    #[command(flatten)]
    password: PasswordArgs,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// An email address or a user id
    user: String,
    /// Also erase personal data (cannot be undone)
    #[arg(long)]
    hard: bool,
    #[command(flatten)]
    confirm: ConfirmArgs,
}

impl UserCommand {
    /// The audit action, for the failure row of a change.
    pub fn action(&self) -> Option<&'static str> {
        Some(match self {
            UserCommand::Create(_) => "user.create",
            UserCommand::Update(_) => "user.update",
            UserCommand::Disable(_) => "user.disable",
            UserCommand::Enable(_) => "user.enable",
            UserCommand::SetPassword(_) => "user.set_password",
            UserCommand::Delete(args) if args.hard => "user.erase",
            UserCommand::Delete(_) => "user.delete",
            UserCommand::List(_) | UserCommand::Show(_) => return None,
        })
    }
}

pub async fn run(command: UserCommand, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|_| {})?;
    let target = Target::new(&settings.database_url, settings.connect_timeout)?;
    let mut conn = target.connect("platformctl user").await?;
    let actor = ctx.actor();
    match command {
        UserCommand::Create(args) => {
            let hash = if args.no_password {
                None
            } else {
                let password = read_password(printer, &args.password, &args.email)?;
                Some(hash(password).await?)
            };
            let mut tx = args::begin(&mut conn).await?;
            let user = platformctl::repo::users::create(
                &mut tx,
                &NewUser {
                    role: args.role.into(),
                    password_hash: hash,
                    ..NewUser::new(&args.email, &args.name)
                },
            )
            .await?;
            platformctl::audit::record(
                &mut tx,
                actor,
                "user.create",
                "user",
                Some(user.id.to_string()),
                serde_json::json!({
                    "email": user.email, "name": user.display_name, "role": user.role,
                    "password": if user.has_password { "set (redacted)" } else { "none" },
                }),
            )
            .await?;
            args::commit(tx).await?;
            print_user(printer, &user, "Created")?;
        }
        UserCommand::List(args) => {
            let filter = UserFilter {
                role: args.role.map(Role::from),
                status: match args.status {
                    Some(StatusArg::Active) => Some(UserStatus::Active),
                    Some(StatusArg::Disabled) => Some(UserStatus::Disabled),
                    _ => None,
                },
                search: args.search,
                include_deleted: false,
                only_deleted: matches!(args.status, Some(StatusArg::Deleted)),
            };
            let page = platformctl::repo::users::list(
                &mut conn,
                &filter,
                UserSort::CreatedAt,
                false,
                args.pages.request()?,
            )
            .await?;
            if printer.is_json() {
                printer.json(&page)?;
            } else {
                let mut table =
                    printer.table(&["Id", "Email", "Name", "Role", "Status", "Password", "Created"]);
                for u in &page.data {
                    table.add_row(vec![
                        u.id.to_string(),
                        u.email.clone(),
                        u.display_name.clone(),
                        u.role.as_str().to_owned(),
                        status(u).to_owned(),
                        if u.has_password { "yes" } else { "no" }.to_owned(),
                        rfc3339(u.created_at),
                    ]);
                }
                printer.print_table(&table)?;
                printer.status(
                    "Showing",
                    format!(
                        "page {} of {} ({} user(s) in all)",
                        page.meta.page,
                        page.meta.total_pages.max(1),
                        page.meta.total_count
                    ),
                );
            }
        }
        UserCommand::Show(args) => {
            let user = find_user_any(&mut conn, &args.user).await?;
            show(printer, &mut conn, &user).await?;
        }
        UserCommand::Update(args) => {
            if args.name.is_none() && args.role.is_none() {
                return Err(platformctl::Error::InvalidValue {
                    entity: "user update",
                    constraint: None,
                    message: "nothing to change: give --name and/or --role".into(),
                }
                .into());
            }
            let user = find_user(&mut conn, &args.user).await?;
            let mut tx = args::begin(&mut conn).await?;
            let updated = platformctl::repo::users::update(
                &mut tx,
                user.id,
                user.version,
                &UserChanges {
                    display_name: args.name.clone(),
                    role: args.role.map(Role::from),
                    ..UserChanges::default()
                },
            )
            .await?;
            platformctl::audit::record(
                &mut tx,
                actor,
                "user.update",
                "user",
                Some(user.id.to_string()),
                serde_json::json!({
                    "name": args.name, "role": args.role.map(Role::from),
                    "previous": { "name": user.display_name, "role": user.role },
                }),
            )
            .await?;
            args::commit(tx).await?;
            print_user(printer, &updated, "Updated")?;
        }
        UserCommand::Disable(args) => {
            let user = find_user(&mut conn, &args.user).await?;
            let mut tx = args::begin(&mut conn).await?;
            let (user, revoked) = accounts::disable(&mut tx, &user, actor.as_str()).await?;
            platformctl::audit::record(
                &mut tx,
                actor,
                "user.disable",
                "user",
                Some(user.id.to_string()),
                serde_json::to_value(&revoked)?,
            )
            .await?;
            args::commit(tx).await?;
            args::publish_revocation(&settings, &revoked, Some(user.id)).await;
            print_change(printer, &user, &user.email, &revoked, "Disabled")?;
        }
        UserCommand::Enable(args) => {
            let user = find_user(&mut conn, &args.user).await?;
            let mut tx = args::begin(&mut conn).await?;
            let user = accounts::enable(&mut tx, &user).await?;
            platformctl::audit::record(
                &mut tx,
                actor,
                "user.enable",
                "user",
                Some(user.id.to_string()),
                serde_json::json!({}),
            )
            .await?;
            args::commit(tx).await?;
            print_user(printer, &user, "Enabled")?;
        }
        UserCommand::SetPassword(args) => {
            let user = find_user(&mut conn, &args.user).await?;
            let password = read_password(printer, &args.password, &user.email)?;
            let hash = hash(password).await?;
            let mut tx = args::begin(&mut conn).await?;
            accounts::set_password(&mut tx, user.id, &hash).await?;
            platformctl::audit::record(
                &mut tx,
                actor,
                "user.set_password",
                "user",
                Some(user.id.to_string()),
                serde_json::json!({ "password": "set (redacted)" }),
            )
            .await?;
            args::commit(tx).await?;
            if printer.is_json() {
                printer.json(&serde_json::json!({ "id": user.id, "password_set": true }))?;
            } else {
                printer.status("Updated", format!("password of {}", user.email));
            }
        }
        UserCommand::Delete(args) => {
            let user = find_user_any(&mut conn, &args.user).await?;
            if args.hard {
                args.confirm.confirm(
                    printer,
                    &settings,
                    &format!("Erase the personal data of {} for good?", user.email),
                )?;
            }
            let mut tx = args::begin(&mut conn).await?;
            let (deleted, revoked) = accounts::delete(&mut tx, &user, actor.as_str(), args.hard).await?;
            platformctl::audit::record(
                &mut tx,
                actor,
                if args.hard { "user.erase" } else { "user.delete" },
                "user",
                Some(user.id.to_string()),
                serde_json::to_value(&revoked)?,
            )
            .await?;
            args::commit(tx).await?;
            args::publish_revocation(&settings, &revoked, Some(deleted.id)).await;
            print_change(
                printer,
                &deleted,
                &user.email,
                &revoked,
                if args.hard { "Erased" } else { "Deleted" },
            )?;
        }
    }
    Ok(ExitStatus::Success)
}

/// The password from stdin, a file, or asked twice at a terminal; refused
/// when weak.
fn read_password(printer: &Printer, source: &PasswordArgs, email: &str) -> Result<Zeroizing<String>> {
    let password = if source.password_stdin {
        let mut text = Zeroizing::new(String::new());
        std::io::stdin()
            .take(4096)
            .read_to_string(&mut text)
            .context("cannot read the password from stdin")?;
        Zeroizing::new(text.lines().next().unwrap_or("").to_owned())
    } else if let Some(path) = &source.password_file {
        let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|e| {
            platformctl::Error::io(
                "cannot read the password file",
                path,
                if e.kind() == std::io::ErrorKind::NotFound {
                    platformctl::ErrorKind::InputMissing
                } else {
                    platformctl::ErrorKind::BadInput
                },
            )(e)
        })?);
        Zeroizing::new(text.lines().next().unwrap_or("").to_owned())
    } else if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        let _ = printer;
        Zeroizing::new(
            dialoguer::Password::new()
                .with_prompt("Password")
                .with_confirmation("Repeat the password", "The passwords differ; try again")
                .interact()
                .context("cannot read the password from the terminal")?,
        )
    } else {
        return Err(platformctl::Error::Refused(
            "no terminal to ask for the password: pass --password-stdin or --password-file".into(),
        )
        .into());
    };
    if let Err(weakness) = platformctl::password::check_strength(&password, email) {
        return Err(platformctl::Error::InvalidValue {
            entity: "password",
            constraint: None,
            message: format!("refused because {weakness}"),
        }
        .into());
    }
    Ok(password)
}

/// Argon2id takes tens of milliseconds of CPU: off the async threads.
async fn hash(password: Zeroizing<String>) -> Result<String> {
    Ok(tokio::task::spawn_blocking(move || platformctl::password::hash(&password)).await??)
}

fn status(user: &User) -> &'static str {
    match (user.deleted_at, user.status) {
        (Some(_), _) => "deleted",
        (None, UserStatus::Active) => "active",
        (None, UserStatus::Disabled) => "disabled",
    }
}

fn print_user(printer: &Printer, user: &User, verb: &str) -> Result<()> {
    if printer.is_json() {
        printer.json(user)
    } else {
        printer.data(&user.id.to_string())?;
        printer.status(
            verb,
            format!("{} ({}, {})", user.email, user.role.as_str(), status(user)),
        );
        Ok(())
    }
}

/// `email` as it was before the change (a hard delete erases it).
fn print_change(
    printer: &Printer,
    user: &User,
    email: &str,
    revoked: &accounts::Revoked,
    verb: &str,
) -> Result<()> {
    if printer.is_json() {
        printer.json(&serde_json::json!({ "user": user, "revoked": revoked }))
    } else {
        printer.status(
            verb,
            format!(
                "{email}; revoked {} token(s) and {} session(s)",
                revoked.token_count,
                revoked.sessions.len()
            ),
        );
        Ok(())
    }
}

async fn show(printer: &Printer, conn: &mut PgConnection, user: &User) -> Result<()> {
    let roles: Vec<String> = sqlx::query_scalar(
        "SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1 ORDER BY r.name",
    )
    .bind(user.id)
    .fetch_all(&mut *conn)
    .await
    .map_err(platformctl::Error::db("cannot read a user's roles"))?;
    let sessions = platformctl::repo::sessions::list_for_user(conn, user.id, true).await?;
    let tokens = platformctl::repo::tokens::list(
        conn,
        &platformctl::repo::tokens::TokenFilter {
            user_id: Some(user.id),
            kind: None,
            active_only: true,
        },
        PageRequest::new(1, 100)?,
    )
    .await?;
    let hash: Option<String> = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user.id)
        .fetch_one(&mut *conn)
        .await
        .map_err(platformctl::Error::db("cannot read a user"))?;
    let outdated = hash.as_deref().is_some_and(platformctl::password::is_outdated);
    if printer.is_json() {
        return printer.json(&serde_json::json!({
            "user": user, "roles": roles, "sessions": sessions, "active_tokens": tokens.data,
            "password_hash_outdated": outdated,
        }));
    }
    let mut table = printer.table(&["Field", "Value"]);
    for (field, value) in [
        ("id", user.id.to_string()),
        ("email", user.email.clone()),
        ("name", user.display_name.clone()),
        ("role", user.role.as_str().to_owned()),
        (
            "granted roles",
            if roles.is_empty() {
                "-".into()
            } else {
                roles.join(", ")
            },
        ),
        ("status", status(user).to_owned()),
        (
            "password",
            if user.has_password {
                "set".into()
            } else {
                "none".into()
            },
        ),
        ("created", rfc3339(user.created_at)),
        ("last login", user.last_login_at.map_or("-".to_owned(), rfc3339)),
        ("active sessions", sessions.len().to_string()),
        ("active tokens", tokens.data.len().to_string()),
    ] {
        table.add_row(vec![field.to_owned(), value]);
    }
    printer.print_table(&table)?;
    if outdated {
        printer.warn(
            "the password hash uses weaker parameters than the current Argon2id ones; \
             `platformctl user set-password` re-hashes it",
        );
    }
    Ok(())
}
