//! `platformctl user`: create, list, show, update, disable, enable,
//! set-password and delete users.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Subcommand, ValueEnum};
use platformctl::auth::accounts;
use platformctl::cache::Cache;
use platformctl::changes::users::{self, NewAccount, NewPassword, Update};
use platformctl::changes::{self, Caller};
use platformctl::model::user::{Role, User, UserStatus};
use platformctl::repo::users::{UserFilter, UserSort};
use serde::Serialize;
use zeroize::Zeroizing;

use super::Context;
use super::args::{self, ConfirmArgs};
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

pub async fn run(command: UserCommand, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|_| {})?;
    let mut conn = settings.target()?.connect("platformctl user").await?;
    let cache = Cache::connect(&settings).await?;
    let caller = Caller::new(ctx.actor(), &cache).with_events(settings.events.enabled);
    match command {
        UserCommand::Create(args) => {
            let read = || read_password(&args.password);
            let account = NewAccount {
                email: args.email.clone(),
                name: args.name.clone(),
                role: args.role.into(),
                password: if args.no_password {
                    NewPassword::None
                } else {
                    NewPassword::Read(&read)
                },
            };
            let user = users::create(&mut conn, &caller, account).await?;
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
            let account = accounts::overview(&mut conn, &args.user).await?;
            show(printer, &account)?;
        }
        UserCommand::Update(args) => {
            let update = Update {
                name: args.name.clone(),
                role: args.role.map(Role::from),
                expected_version: None,
            };
            let updated = users::update(&mut conn, &caller, &args.user, &update).await?;
            print_user(printer, &updated, "Updated")?;
        }
        UserCommand::Disable(args) => {
            let change = users::disable(&mut conn, &caller, &args.user).await?;
            print_change(printer, &change, "Disabled")?;
        }
        UserCommand::Enable(args) => {
            let user = users::enable(&mut conn, &caller, &args.user).await?;
            print_user(printer, &user, "Enabled")?;
        }
        UserCommand::SetPassword(args) => {
            let read = || read_password(&args.password);
            let user = users::set_password(&mut conn, &caller, &args.user, NewPassword::Read(&read)).await?;
            if printer.is_json() {
                printer.json(&PasswordSet {
                    id: user.id,
                    password_set: true,
                })?;
            } else {
                printer.status("Updated", format!("password of {}", user.email));
            }
        }
        UserCommand::Delete(args) => {
            if args.hard {
                let question = format!("Erase the personal data of {} for good?", args.user);
                if let Err(refusal) = args.confirm.confirm(printer, &settings, &question) {
                    if let Some(error) = refusal.downcast_ref::<platformctl::Error>() {
                        changes::record_failure(&mut conn, &caller, users::ERASE, error).await;
                    }
                    return Err(refusal);
                }
            }
            let change = users::delete(&mut conn, &caller, &args.user, args.hard).await?;
            let verb = if args.hard { "Erased" } else { "Deleted" };
            print_change(printer, &change, verb)?;
        }
    }
    Ok(ExitStatus::Success)
}

#[derive(Serialize)]
struct PasswordSet {
    id: uuid::Uuid,
    password_set: bool,
}

/// The password from stdin, a file, or asked twice at a terminal.
fn read_password(source: &PasswordArgs) -> platformctl::Result<Zeroizing<String>> {
    let first_line = |text: &str| Zeroizing::new(text.lines().next().unwrap_or("").to_owned());
    if source.password_stdin {
        let mut text = Zeroizing::new(String::new());
        std::io::stdin()
            .take(4096)
            .read_to_string(&mut text)
            .map_err(platformctl::Error::io(
                "cannot read the password from stdin",
                "-",
                platformctl::ErrorKind::BadInput,
            ))?;
        Ok(first_line(&text))
    } else if let Some(path) = &source.password_file {
        let text = Zeroizing::new(std::fs::read_to_string(path).map_err(platformctl::Error::io(
            "cannot read the password file",
            path,
            platformctl::ErrorKind::InputMissing,
        ))?);
        Ok(first_line(&text))
    } else if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        dialoguer::Password::new()
            .with_prompt("Password")
            .with_confirmation("Repeat the password", "The passwords differ; try again")
            .interact()
            .map(Zeroizing::new)
            .map_err(|e| {
                platformctl::Error::Refused(format!("cannot read the password from the terminal: {e}"))
            })
    } else {
        Err(platformctl::Error::Refused(
            "no terminal to ask for the password: pass --password-stdin or --password-file".into(),
        ))
    }
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

fn print_change(printer: &Printer, change: &users::Revocation, verb: &str) -> Result<()> {
    if printer.is_json() {
        printer.json(change)
    } else {
        printer.status(
            verb,
            format!(
                "{}; revoked {} token(s) and {} session(s)",
                change.email,
                change.revoked.token_count,
                change.revoked.sessions.len()
            ),
        );
        Ok(())
    }
}

fn show(printer: &Printer, account: &accounts::Overview) -> Result<()> {
    if printer.is_json() {
        return printer.json(account);
    }
    let user = &account.user;
    let mut table = printer.table(&["Field", "Value"]);
    for (field, value) in [
        ("id", user.id.to_string()),
        ("email", user.email.clone()),
        ("name", user.display_name.clone()),
        ("role", user.role.as_str().to_owned()),
        (
            "granted roles",
            if account.roles.is_empty() {
                "-".into()
            } else {
                account.roles.join(", ")
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
        ("active sessions", account.sessions.len().to_string()),
        ("active tokens", account.active_tokens.len().to_string()),
    ] {
        table.add_row(vec![field.to_owned(), value]);
    }
    printer.print_table(&table)?;
    if account.password_hash_outdated {
        printer.warn(
            "the password hash uses weaker parameters than the current Argon2id ones; \
             `platformctl user set-password` re-hashes it",
        );
    }
    Ok(())
}
