//! Retention: policies that say which rows have outlived their use, a plan
//! that counts them, and a purge that archives and deletes them in small
//! batches that cron can run against production (see `purge`).

pub mod archive;
mod batch;
pub mod cascade;
mod invalidation;
pub mod lock;
mod partitions;
mod plan;
pub mod policy;
mod purge;
mod rows;

use sqlx::postgres::PgConnection;
use time::OffsetDateTime;

pub use plan::{PlanReport, PolicyPlan, plan};
pub use policy::{POLICIES, Policy};
pub use purge::{Event, PolicyReport, PurgeOptions, PurgeReport, Recovered, purge};

use crate::error::{Error, Result};

/// The instant a run evaluates retention at: the database's clock, or an
/// earlier instant asked for (which removes less, never more).
async fn as_of(conn: &mut PgConnection, asked: Option<OffsetDateTime>) -> Result<OffsetDateTime> {
    let now: OffsetDateTime = sqlx::query_scalar("SELECT now()")
        .fetch_one(conn)
        .await
        .map_err(Error::db("cannot read the database's clock"))?;
    match asked {
        Some(at) if at > now => Err(Error::Config {
            setting: "--as-of",
            message: format!(
                "{} is later than the database's clock ({}); retention can be evaluated as of now or earlier",
                rfc3339(at),
                rfc3339(now)
            ),
        }),
        Some(at) => Ok(at),
        None => Ok(now),
    }
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// `<UTC time>` as in archive run names: `20261201T091500Z`.
fn timestamp(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(time::macros::format_description!(
            "[year][month][day]T[hour][minute][second]Z"
        ))
        .unwrap_or_default()
}
