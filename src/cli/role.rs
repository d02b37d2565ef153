//! `platformctl role`: list roles, grant and revoke them.

use anyhow::Result;
use clap::{Args, Subcommand};
use platformctl::auth::roles;
use platformctl::db::Target;

use super::Context;
use super::args::{self, find_user};
use super::exit::ExitStatus;

#[derive(Debug, Subcommand)]
pub enum RoleCommand {
    /// List roles with their permissions and how many users hold them
    List,
    /// Grant a role to a user (on top of their primary role)
    Grant(GrantArgs),
    /// Revoke a granted role from a user
    Revoke(GrantArgs),
}

#[derive(Debug, Args)]
pub struct GrantArgs {
    /// An email address or a user id
    user: String,
    /// A role name, as `role list` shows it
    role: String,
}

impl RoleCommand {
    /// The audit action, for the failure row of a change.
    pub fn action(&self) -> Option<&'static str> {
        match self {
            RoleCommand::Grant(_) => Some("role.grant"),
            RoleCommand::Revoke(_) => Some("role.revoke"),
            RoleCommand::List => None,
        }
    }
}

pub async fn run(command: RoleCommand, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|_| {})?;
    let target = Target::new(&settings.database_url, settings.connect_timeout)?;
    let mut conn = target.connect("platformctl role").await?;
    let (args, granting) = match command {
        RoleCommand::List => {
            let roles = roles::list(&mut conn).await?;
            if printer.is_json() {
                printer.json(&roles)?;
            } else {
                let mut table = printer.table(&["Role", "Built in", "Users", "Permissions", "Description"]);
                for r in &roles {
                    table.add_row(vec![
                        r.name.clone(),
                        if r.built_in { "yes" } else { "no" }.to_owned(),
                        r.users.to_string(),
                        r.permissions.join(" "),
                        r.description.clone(),
                    ]);
                }
                printer.print_table(&table)?;
            }
            return Ok(ExitStatus::Success);
        }
        RoleCommand::Grant(args) => (args, true),
        RoleCommand::Revoke(args) => (args, false),
    };
    let user = find_user(&mut conn, &args.user).await?;
    let mut tx = args::begin(&mut conn).await?;
    let changed = if granting {
        roles::grant(&mut tx, user.id, &args.role, ctx.actor().as_str()).await?
    } else {
        roles::revoke(&mut tx, user.id, &args.role).await?
    };
    platformctl::audit::record(
        &mut tx,
        ctx.actor(),
        if granting { "role.grant" } else { "role.revoke" },
        "user",
        Some(user.id.to_string()),
        serde_json::json!({ "role": args.role, "changed": changed }),
    )
    .await?;
    args::commit(tx).await?;
    if printer.is_json() {
        printer.json(&serde_json::json!({ "user": user.id, "role": args.role, "changed": changed }))?;
    } else {
        let verb = if granting { "Granted" } else { "Revoked" };
        let note = if changed { "" } else { " (nothing to change)" };
        printer.status(verb, format!("role {} for {}{note}", args.role, user.email));
    }
    Ok(ExitStatus::Success)
}
