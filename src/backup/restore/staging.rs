//! The staging database a restore is built in: refused over a target in
//! use, marked while in progress, dropped when a killed restore left it, and
//! renamed to the target's name only once complete and checked.

use sqlx::AssertSqlSafe;

use super::RestoreOptions;
use crate::backup::manifest::Manifest;
use crate::db::{Target, quote_ident};
use crate::error::{Error, Result};

/// The comment that marks a staging database as ours to drop.
pub(super) const STAGING_MARK: &str = "platformctl restore in progress";

/// Refuses a target that holds anything unless `clean`; returns whether it
/// exists (and will be replaced).
pub(super) async fn check_target(target: &Target, clean: bool) -> Result<bool> {
    if !target.database_exists().await? {
        return Ok(false);
    }
    let relations = relations(target).await?;
    if relations > 0 && !clean {
        return Err(Error::Refused(format!(
            "database {} is not empty ({relations} tables, views or sequences); \
             pass --clean to replace it, or restore into another database with --target-url",
            target.database()
        )));
    }
    Ok(true)
}

pub(super) async fn is_empty(database: &Target) -> Result<bool> {
    Ok(relations(database).await? == 0)
}

/// The tables, views and sequences of a database outside the system schemas.
pub(super) async fn relations(database: &Target) -> Result<i64> {
    let mut conn = database.connect("platformctl backup restore").await?;
    let relations: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
           AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')",
    )
    .fetch_one(&mut conn)
    .await
    .map_err(Error::db("checking whether the database is empty"))?;
    crate::db::close_quietly(conn).await;
    Ok(relations)
}

/// `_restore_<target>`, within PostgreSQL's 63-byte limit on names.
pub(super) fn staging_name(target: &str) -> String {
    let mut name = format!("_restore_{target}");
    while name.len() > 63 {
        name.pop();
    }
    name
}

/// Drops a staging database a killed restore left, refusing to touch a
/// database of that name that is not marked as ours.
pub(super) async fn drop_leftover_staging(staging: &Target) -> Result<()> {
    if !staging.database_exists().await? {
        return Ok(());
    }
    let mut conn = staging
        .maintenance()
        .connect("platformctl backup restore")
        .await?;
    let comment: Option<String> = sqlx::query_scalar(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1",
    )
    .bind(staging.database())
    .fetch_one(&mut conn)
    .await
    .map_err(Error::db("reading the staging database's comment"))?;
    crate::db::close_quietly(conn).await;
    // A restore killed between creating the database and marking it leaves
    // it unmarked but empty.
    let ours = comment.is_some_and(|c| c.starts_with(STAGING_MARK)) || is_empty(staging).await?;
    if !ours {
        return Err(Error::Refused(format!(
            "database {} exists and is not a restore left by platformctl; \
             a restore needs that name for its staging database: rename or drop it",
            staging.database()
        )));
    }
    tracing::warn!(
        database = staging.database(),
        "dropping the staging database of an unfinished restore"
    );
    staging.drop_database(true).await?;
    Ok(())
}

pub(super) async fn set_comment(database: &Target, comment: &str) -> Result<()> {
    let mut conn = database
        .maintenance()
        .connect("platformctl backup restore")
        .await?;
    let sql = format!(
        "COMMENT ON DATABASE {} IS {}",
        quote_ident(database.database()),
        quote_literal(comment)
    );
    sqlx::raw_sql(AssertSqlSafe(sql))
        .execute(&mut conn)
        .await
        .map_err(Error::db("commenting the database"))?;
    crate::db::close_quietly(conn).await;
    Ok(())
}

pub(super) fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Replaces the target by the staging database and marks where it came from.
pub(super) async fn swap(
    staging: &Target,
    target: &Target,
    manifest: &Manifest,
    options: &RestoreOptions,
) -> Result<()> {
    target.drop_database(true).await?;
    let mut conn = staging
        .maintenance()
        .connect("platformctl backup restore")
        .await?;
    let sql = format!(
        "ALTER DATABASE {} RENAME TO {}",
        quote_ident(staging.database()),
        quote_ident(target.database())
    );
    sqlx::raw_sql(AssertSqlSafe(sql))
        .execute(&mut conn)
        .await
        .map_err(Error::db("renaming the restored database"))?;
    crate::db::close_quietly(conn).await;
    set_comment(
        target,
        &format!(
            "restored by platformctl from {} (taken {}) at {}",
            options.backup.display(),
            manifest.finished_at,
            crate::backup::create::now_rfc3339()
        ),
    )
    .await
}
