//! `platformctl role`: list roles, grant and revoke them.

use anyhow::Result;
use clap::{Args, Subcommand};
use platformctl::auth::roles;
use platformctl::cache::Cache;
use platformctl::changes::{Caller, access};

use super::Context;
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

pub async fn run(command: RoleCommand, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|_| {})?;
    let mut conn = settings.target()?.connect("platformctl role").await?;
    let cache = Cache::connect(&settings).await?;
    let caller = Caller::new(ctx.actor(), &cache).with_events(settings.events.enabled);
    let change = match command {
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
        RoleCommand::Grant(args) => (
            "Granted",
            access::grant_role(&mut conn, &caller, &args.user, &args.role).await?,
            args,
        ),
        RoleCommand::Revoke(args) => (
            "Revoked",
            access::revoke_role(&mut conn, &caller, &args.user, &args.role).await?,
            args,
        ),
    };
    let (verb, change, args) = change;
    if printer.is_json() {
        printer.json(&change)?;
    } else {
        let note = if change.changed {
            ""
        } else {
            " (nothing to change)"
        };
        printer.status(verb, format!("role {} for {}{note}", change.role, args.user));
    }
    Ok(ExitStatus::Success)
}
