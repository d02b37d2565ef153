//! Refreshing the whole cache after the database changed under it: `setup`
//! warms it, a restore flushes what described the old database and warms it
//! again. Redis down makes the platform slower, not broken, so a refresh
//! that cannot run is reported, never an error of the work it follows.

use std::time::Duration;

use serde::Serialize;

use super::warm::{self, Event};
use super::{Cache, admin};
use crate::config::Settings;
use crate::db::Target;
use crate::error::{Error, Result};
use crate::progress::Progress;

/// How long connecting to Redis may take before the refresh is skipped.
const CONNECT_LIMIT: Duration = Duration::from_secs(30);

/// What a refresh did, or why it did not happen.
#[derive(Debug, Clone, Serialize)]
pub struct Refresh {
    pub refreshed: bool,
    /// Keys of ours deleted first (restore only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flushed: Option<u64>,
    pub warmed: u64,
    pub seconds: f64,
    /// Why the cache was not refreshed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Refresh {
    /// A refresh the caller chose not to make, and why.
    pub fn skipped(reason: impl Into<String>) -> Refresh {
        Refresh {
            refreshed: false,
            flushed: None,
            warmed: 0,
            seconds: 0.0,
            error: Some(reason.into()),
        }
    }
}

/// Warms every kind from `target`, flushing our keys first when `flush`.
pub async fn refresh(
    settings: &Settings,
    target: &Target,
    flush: bool,
    events: &dyn Progress<Event>,
) -> Refresh {
    match run(settings, target, flush, events).await {
        Ok(refresh) => refresh,
        Err(e) => Refresh::skipped(e.to_string()),
    }
}

async fn run(
    settings: &Settings,
    target: &Target,
    flush: bool,
    events: &dyn Progress<Event>,
) -> Result<Refresh> {
    let cache = tokio::time::timeout(CONNECT_LIMIT, Cache::connect_for_bulk(settings))
        .await
        .map_err(|_| {
            Error::Retry(format!(
                "Redis did not answer within {}s",
                CONNECT_LIMIT.as_secs()
            ))
        })??;
    let flushed = match flush {
        true => Some(admin::flush(&cache).await?),
        false => None,
    };
    let report = warm::warm(&cache, target, &[], events).await?;
    let _ = cache.publish_metrics().await;
    Ok(Refresh {
        refreshed: true,
        flushed,
        warmed: report.keys,
        seconds: report.seconds,
        error: None,
    })
}
