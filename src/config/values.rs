//! Setting values as text: durations, URLs checked for their scheme, and
//! URLs with their passwords hidden for messages.

use std::time::Duration;

use crate::error::{Error, Result};

/// Parses a human duration such as `90s`, `15m`, `1h` or `30d`.
pub fn parse_duration(setting: &'static str, value: &str) -> Result<Duration> {
    humantime::parse_duration(value.trim()).map_err(|e| Error::Config {
        setting,
        message: format!("{value:?} is not a duration like 90s, 15m, 1h or 30d ({e})"),
    })
}

pub(super) fn check_url(setting: &'static str, url: &str, schemes: &[&str]) -> Result<()> {
    let parsed = url::Url::parse(url).map_err(|e| Error::Config {
        setting,
        message: format!("{} is not a URL ({e})", redact_url(url)),
    })?;
    if !schemes.contains(&parsed.scheme()) {
        return Err(Error::Config {
            setting,
            message: format!(
                "{} has scheme {:?}; expected {}",
                redact_url(url),
                parsed.scheme(),
                schemes.join(" or ")
            ),
        });
    }
    Ok(())
}

/// A URL fit for messages and logs: the password (in the authority or in a
/// `password=` query parameter) is replaced by `***`.
pub fn redact_url(url: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else {
        // Not parseable: show nothing that might be a secret.
        return "<unparseable URL>".to_owned();
    };
    if parsed.password().is_some() {
        let _ = parsed.set_password(Some("***"));
    }
    if parsed.query().is_some() {
        let pairs: Vec<(String, String)> = parsed
            .query_pairs()
            .map(|(k, v)| {
                let secret = k.to_ascii_lowercase().contains("password");
                (
                    k.into_owned(),
                    if secret { "***".to_owned() } else { v.into_owned() },
                )
            })
            .collect();
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    parsed.to_string()
}
