//! `platformctl token`: issue, list, revoke and verify JWTs.

use std::io::Read;
use std::time::Duration;

use anyhow::{Context as _, Result};
use clap::{Args, Subcommand, ValueEnum};
use platformctl::auth::jwt;
use platformctl::cache::Cache;
use platformctl::changes::access::{self, TokenRequest, Tokens};
use platformctl::changes::{self, Caller};
use platformctl::crypto::Keyring;
use platformctl::model::auth::TokenKind;
use platformctl::repo::tokens::TokenFilter;
use serde::Serialize;

use super::Context;
use super::args;
use super::exit::ExitStatus;
use super::output::rfc3339;

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Issue a token for an active user; prints the token (and only that) on stdout
    #[command(after_help = "\
Only the token's metadata is stored (auth_tokens), never the token: copy it
now. Refused (77) for a disabled or deleted user; 67 for an unknown one; 78
when no signing key is active (`platformctl keys generate`).")]
    Issue(IssueArgs),
    /// List issued tokens, newest first (metadata only)
    List(ListArgs),
    /// Revoke one token by its jti, or every live token of a user
    #[command(after_help = "\
Written to PostgreSQL first (the source of truth), then to the Redis denylist
until the token would have expired. A revoked token stays refused even when
Redis loses the denylist; `platformctl cache warm --only denylist` rebuilds it.")]
    Revoke(RevokeArgs),
    /// Verify a token: exit 0 when valid, 1 with the reason when not
    Verify(VerifyArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum KindArg {
    Access,
    Refresh,
}

#[derive(Debug, Args)]
pub struct IssueArgs {
    /// The user: an email address or a user id
    user: String,
    /// Lifetime [default: [auth] access_ttl (15m) or refresh_ttl (30d)]
    #[arg(long, value_name = "DUR", value_parser = args::duration)]
    ttl: Option<Duration>,
    /// The aud claim [default: [auth] default_audience]
    #[arg(long, value_name = "AUD")]
    audience: Option<String>,
    /// A scope to grant (repeat for several)
    #[arg(long = "scope", value_name = "S")]
    scopes: Vec<String>,
    #[arg(long, value_enum, default_value = "access")]
    kind: KindArg,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this user's tokens
    #[arg(long, value_name = "USER")]
    user: Option<String>,
    /// Only tokens neither revoked nor expired
    #[arg(long)]
    active: bool,
    #[command(flatten)]
    pages: args::PageArgs,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("which").required(true))]
pub struct RevokeArgs {
    /// The token's jti
    #[arg(group = "which")]
    jti: Option<uuid::Uuid>,
    /// Every live token of this user instead
    #[arg(long, value_name = "USER", group = "which")]
    user: Option<String>,
    /// Why, kept with the revocation
    #[arg(long, value_name = "TEXT")]
    reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The token; `-` or nothing reads it from stdin
    jwt: Option<String>,
}

pub async fn run(command: TokenCommand, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|_| {})?;
    let mut conn = settings.target()?.connect("platformctl token").await?;
    let cache = Cache::connect(&settings).await?;
    let caller = Caller::new(ctx.actor(), &cache).with_events(settings.events.enabled);
    match command {
        TokenCommand::Issue(args) => {
            let keyring =
                changes::finish(&mut conn, &caller, access::TOKEN_ISSUE, Keyring::from_env()).await?;
            let request = TokenRequest {
                kind: match args.kind {
                    KindArg::Access => TokenKind::Access,
                    KindArg::Refresh => TokenKind::Refresh,
                },
                ttl: args.ttl,
                audience: args.audience,
                scopes: args.scopes,
            };
            let issued =
                access::issue_token(&mut conn, &caller, &keyring, &settings.auth, &args.user, &request)
                    .await?;
            if printer.is_json() {
                printer.json(&IssuedToken {
                    token: &issued.token,
                    jti: issued.jti,
                    kid: &issued.kid,
                    expires_at: rfc3339(issued.expires_at),
                })?;
            } else {
                printer.data(&issued.token)?;
                printer.status(
                    "Issued",
                    format!("{} token {} for {}", request.kind.as_str(), issued.jti, args.user),
                );
            }
        }
        TokenCommand::List(args) => {
            let user_id = match &args.user {
                Some(spec) => Some(platformctl::repo::users::lookup(&mut conn, spec).await?.id),
                None => None,
            };
            let page = platformctl::repo::tokens::list(
                &mut conn,
                &TokenFilter {
                    user_id,
                    kind: None,
                    active_only: args.active,
                },
                args.pages.request()?,
            )
            .await?;
            if printer.is_json() {
                printer.json(&page)?;
            } else {
                let mut table =
                    printer.table(&["Jti", "User", "Kind", "Audience", "Key", "Expires", "Revoked"]);
                let date = rfc3339;
                for t in &page.data {
                    table.add_row(vec![
                        t.jti.to_string(),
                        t.user_id.to_string(),
                        t.kind.as_str().to_owned(),
                        t.audience.clone(),
                        t.key_id.clone(),
                        date(t.expires_at),
                        t.revoked_at.map_or("-".to_owned(), date),
                    ]);
                }
                printer.print_table(&table)?;
            }
        }
        TokenCommand::Revoke(args) => {
            let which = match (&args.jti, &args.user) {
                (Some(jti), _) => Tokens::One(*jti),
                (None, Some(user)) => Tokens::OfUser(user),
                (None, None) => unreachable!("clap requires one"),
            };
            let revoked = access::revoke_tokens(&mut conn, &caller, which, args.reason.as_deref()).await?;
            let revoked = RevokedTokens {
                revoked: revoked.iter().map(|t| t.jti).collect(),
            };
            if printer.is_json() {
                printer.json(&revoked)?;
            } else {
                printer.status("Revoked", format!("{} token(s)", revoked.revoked.len()));
            }
        }
        TokenCommand::Verify(args) => {
            let token = match args.jwt.as_deref() {
                None | Some("-") => {
                    let mut text = String::new();
                    std::io::stdin()
                        .take(64 * 1024)
                        .read_to_string(&mut text)
                        .context("cannot read the token from stdin")?;
                    text
                }
                Some(token) => token.to_owned(),
            };
            let verdict = jwt::verify(&mut conn, &cache, &settings.auth, token.trim()).await?;
            return Ok(match verdict {
                Ok(claims) => {
                    if printer.is_json() {
                        printer.json(&Verdict {
                            valid: true,
                            claims: Some(&claims),
                            reason: None,
                            message: None,
                        })?;
                    } else {
                        printer.data(&format!(
                            "valid {} token: sub {} aud {} jti {} expires {}",
                            claims.kind.as_str(),
                            claims.sub,
                            claims.aud,
                            claims.jti,
                            time::OffsetDateTime::from_unix_timestamp(claims.exp)
                                .map(rfc3339)
                                .unwrap_or_default()
                        ))?;
                    }
                    ExitStatus::Success
                }
                Err(rejection) => {
                    if printer.is_json() {
                        printer.json(&Verdict {
                            valid: false,
                            claims: None,
                            reason: Some(&rejection),
                            message: Some(rejection.to_string()),
                        })?;
                    } else {
                        printer.status("Invalid", format!("token: {rejection}"));
                    }
                    ExitStatus::CheckFailed
                }
            });
        }
    }
    Ok(ExitStatus::Success)
}

/// `token issue --json`: a documented shape that scripts read.
#[derive(Serialize)]
struct IssuedToken<'a> {
    token: &'a str,
    jti: uuid::Uuid,
    kid: &'a str,
    expires_at: String,
}

#[derive(Serialize)]
struct RevokedTokens {
    revoked: Vec<uuid::Uuid>,
}

/// `token verify --json`: valid with the claims, or not with the reason.
#[derive(Serialize)]
struct Verdict<'a> {
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    claims: Option<&'a jwt::Claims>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a jwt::Rejection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}
