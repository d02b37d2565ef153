//! What a long-running process (`platformctl serve`) keeps in memory so
//! that verifying a token takes no round trip: the signing keys it has met,
//! the revoked tokens that have not expired, and the tokens whose signature
//! it has already checked. The same notifications keep the process's own
//! cache tier ([`Near`]) current.
//!
//! PostgreSQL tells it of every revocation, key change and change to a
//! cached row at commit: triggers send a notification on [`CHANNEL`]
//! (migration `change_notify`). While it is not listening (starting, or its
//! connection lost), verification reads PostgreSQL and Redis, as a one-shot
//! process does, and the near tier is bypassed. After a new connection it
//! listens first and loads second, so that nothing committed in between is
//! missed.
//!
//! A revocation made elsewhere is refused once its notification arrives:
//! normally within a millisecond of the commit. One made by this process
//! is known at once ([`Watch::revoked`]). The connection is checked every
//! [`HEARTBEAT`] with a notification sent to itself through the pool; one
//! silent for [`STALE_AFTER`] is dropped and replaced.
//!
//! A token seen before is matched by the SHA-256 of its bytes, so a changed
//! byte is a new token; its expiry, its key's status and its revocation are
//! checked again on every request.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use sqlx::PgPool;
use sqlx::postgres::PgListener;
use time::OffsetDateTime;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use uuid::Uuid;

use super::jwt::{self, Claims, Rejection};
use super::keys::{self, Verifier};
use crate::cache::Cache;
use crate::cache::Kind;
use crate::cache::near::Near;
use crate::config::AuthSettings;
use crate::error::{Error, Result};

/// The channel the triggers notify (migration `change_notify`).
pub const CHANNEL: &str = "platformctl_changes";
/// How often the listening connection is checked.
pub const HEARTBEAT: Duration = Duration::from_secs(2);
/// A listening connection silent this long is replaced.
pub const STALE_AFTER: Duration = Duration::from_secs(5);
/// Tokens remembered as checked; past it the memory starts again.
const CHECKED_CAPACITY: usize = 100_000;
/// How often expired revocations and checked tokens are dropped.
const PRUNE_EVERY: Duration = Duration::from_secs(60);

/// Keys, revocations and checked tokens, kept current by notifications.
/// Dropping it stops the listening task.
pub struct Watch {
    shared: Arc<Shared>,
    pool: PgPool,
    task: JoinHandle<()>,
}

#[derive(Default)]
struct Shared {
    /// Whether `state` is complete: loaded after LISTEN, and listening.
    live: AtomicBool,
    state: RwLock<State>,
    near: Option<Arc<Near>>,
}

impl Shared {
    fn set_live(&self, live: bool) {
        if let Some(near) = &self.near {
            near.set_live(live);
        }
        self.live.store(live, Ordering::Release);
    }
}

#[derive(Default)]
struct State {
    /// Keys met so far; a key's notification removes it, the next token
    /// reads it again.
    keys: HashMap<String, Arc<Verifier>>,
    /// Bumped by every key notification, so a read that raced one is not
    /// kept.
    key_generation: u64,
    /// Revoked tokens by jti, with their expiry (unix seconds).
    revoked: HashMap<Uuid, i64>,
    /// Tokens whose signature and claims checked out, by digest.
    checked: HashMap<[u8; 32], Checked>,
}

struct Checked {
    claims: Claims,
    kid: String,
    jti: Uuid,
}

impl Watch {
    /// Starts listening on a connection of `pool` (held for as long as the
    /// watch lives), keeping `near` current too. Until the first load
    /// completes, verification reads PostgreSQL.
    pub fn start(pool: PgPool, near: Option<Arc<Near>>) -> Watch {
        let shared = Arc::new(Shared {
            near,
            ..Shared::default()
        });
        let task = tokio::spawn(listen(shared.clone(), pool.clone()));
        Watch { shared, pool, task }
    }

    /// Whether verification runs from memory now.
    pub fn is_live(&self) -> bool {
        self.shared.live.load(Ordering::Acquire)
    }

    /// Records revocations this process committed, before its notification
    /// comes back.
    pub fn revoked(&self, tokens: &[crate::model::auth::TokenRecord]) {
        let mut state = self.shared.state.write().expect("watch state");
        for token in tokens {
            state.revoked.insert(token.jti, token.expires_at.unix_timestamp());
        }
    }

    /// Verifies `token` as [`jwt::verify`] does, from memory when live.
    pub async fn verify(
        &self,
        cache: &Cache,
        settings: &AuthSettings,
        token: &str,
    ) -> Result<std::result::Result<Claims, Rejection>> {
        if !self.is_live() {
            let mut conn = self
                .pool
                .acquire()
                .await
                .map_err(Error::db("cannot take a connection"))?;
            return jwt::verify(&mut conn, cache, settings, token).await;
        }
        let token = token.trim();
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let leeway = settings.leeway.as_secs() as i64;
        if let Some(answer) = self.recheck(&digest, now, leeway) {
            return Ok(answer);
        }
        let kid = match jwt::key_id(token) {
            Ok(kid) => kid,
            Err(rejection) => return Ok(Err(rejection)),
        };
        let Some(key) = self.key(&kid).await? else {
            return Ok(Err(Rejection::UnknownKey(kid)));
        };
        let claims = match jwt::check_with(&key, &kid, settings, token) {
            Ok(claims) => claims,
            Err(rejection) => return Ok(Err(rejection)),
        };
        let Ok(jti) = claims.jti.parse::<Uuid>() else {
            return Ok(Err(Rejection::Malformed("jti is not a uuid".into())));
        };
        let mut state = self.shared.state.write().expect("watch state");
        if !self.is_live() {
            // Stopped listening meanwhile: ask PostgreSQL about revocation.
            drop(state);
            let mut conn = self
                .pool
                .acquire()
                .await
                .map_err(Error::db("cannot take a connection"))?;
            return jwt::verify(&mut conn, cache, settings, token).await;
        }
        if state.revoked.contains_key(&jti) {
            return Ok(Err(Rejection::Revoked));
        }
        if state.checked.len() >= CHECKED_CAPACITY {
            state.checked.clear();
        }
        state.checked.insert(
            digest,
            Checked {
                claims: claims.clone(),
                kid,
                jti,
            },
        );
        Ok(Ok(claims))
    }

    /// A token checked before: its claims if it is still good, why not if
    /// not; None when it must be checked in full (unseen, or its key has
    /// changed since).
    fn recheck(
        &self,
        digest: &[u8; 32],
        now: i64,
        leeway: i64,
    ) -> Option<std::result::Result<Claims, Rejection>> {
        let state = self.shared.state.read().expect("watch state");
        // Listening may have stopped since the caller looked: then
        // revocations may be missing here.
        if !self.is_live() {
            return None;
        }
        let checked = state.checked.get(digest)?;
        let key = state.keys.get(&checked.kid)?;
        if !key.status.verifies() {
            return None;
        }
        if checked.claims.exp < now - leeway {
            return Some(Err(Rejection::Expired));
        }
        if state.revoked.contains_key(&checked.jti) {
            return Some(Err(Rejection::Revoked));
        }
        Some(Ok(checked.claims.clone()))
    }

    /// The key `kid`, from memory or else PostgreSQL.
    async fn key(&self, kid: &str) -> Result<Option<Arc<Verifier>>> {
        let generation = {
            let state = self.shared.state.read().expect("watch state");
            if let Some(key) = state.keys.get(kid) {
                return Ok(Some(key.clone()));
            }
            state.key_generation
        };
        let mut conn = self
            .pool
            .acquire()
            .await
            .map_err(Error::db("cannot take a connection"))?;
        let Some(key) = keys::verifier(&mut conn, kid).await? else {
            return Ok(None);
        };
        let key = Arc::new(key);
        let mut state = self.shared.state.write().expect("watch state");
        // A notification since the read may have made it stale.
        if state.key_generation == generation {
            state.keys.insert(kid.to_owned(), key.clone());
        }
        Ok(Some(key))
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Listens for as long as the watch lives, starting over after a lost or
/// silent connection.
async fn listen(shared: Arc<Shared>, pool: PgPool) {
    let mut warned = false;
    loop {
        let outcome = session(&shared, &pool).await;
        shared.set_live(false);
        match outcome {
            Err(e) if !warned => {
                tracing::warn!("token checks read PostgreSQL until notifications are back: {e}");
                warned = true;
            }
            Err(e) => tracing::debug!("still not listening: {e}"),
            Ok(()) => return,
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// One listening connection: LISTEN, load, then apply what arrives. Returns
/// when the connection is lost or silent (an error) or the pool is closed.
async fn session(shared: &Shared, pool: &PgPool) -> Result<()> {
    let mut listener = PgListener::connect_with(pool)
        .await
        .map_err(Error::db("cannot connect to listen for revocations"))?;
    listener.eager_reconnect(false);
    listener
        .listen(CHANNEL)
        .await
        .map_err(Error::db("cannot LISTEN for revocations"))?;
    // The listener is read in a task of its own, so that this loop can wait
    // on its channel and a timer at once without cancelling a read.
    let (sender, mut notifications) = mpsc::channel::<String>(4096);
    let reader = tokio::spawn(async move {
        while let Ok(Some(notification)) = listener.try_recv().await {
            if sender.send(notification.payload().to_owned()).await.is_err() {
                return;
            }
        }
    });
    let _stop_reader = AbortOnDrop(reader);

    let revoked = load_revoked(pool).await?;
    {
        let mut state = shared.state.write().expect("watch state");
        state.revoked = revoked;
        state.keys.clear();
        state.key_generation += 1;
    }
    shared.set_live(true);
    tracing::debug!("token checks and cached reads run from memory");

    let mut heard = Instant::now();
    let mut pruned = Instant::now();
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    loop {
        tokio::select! {
            payload = notifications.recv() => {
                let Some(payload) = payload else {
                    if pool.is_closed() {
                        return Ok(());
                    }
                    return Err(Error::Internal("the listening connection was lost".into()));
                };
                heard = Instant::now();
                apply(shared, &payload);
            }
            _ = heartbeat.tick() => {
                if heard.elapsed() > STALE_AFTER {
                    return Err(Error::Internal(format!(
                        "no notification for {}s on the listening connection",
                        STALE_AFTER.as_secs()
                    )));
                }
                if pool.is_closed() {
                    return Ok(());
                }
                // The answer is the notification coming back; a failure
                // here shows as silence.
                let ping = sqlx::query("SELECT pg_notify($1, 'ping')").bind(CHANNEL).execute(pool);
                let _ = tokio::time::timeout(HEARTBEAT, ping).await;
                if let Some(near) = &shared.near {
                    near.prune();
                }
                if pruned.elapsed() > PRUNE_EVERY {
                    prune(shared);
                    pruned = Instant::now();
                }
            }
        }
    }
}

/// The revocations not yet expired.
async fn load_revoked(pool: &PgPool) -> Result<HashMap<Uuid, i64>> {
    let rows: Vec<(Uuid, i64)> = sqlx::query_as(
        "SELECT jti, extract(epoch FROM expires_at)::bigint FROM auth_tokens
         WHERE revoked_at IS NOT NULL AND expires_at > now() - interval '1 hour'",
    )
    .fetch_all(pool)
    .await
    .map_err(Error::db("cannot read the revoked tokens"))?;
    Ok(rows.into_iter().collect())
}

/// Applies one notification: `revoked <jti> <expires unix>`, `key <kid>`,
/// `row <cache kind> <id>` or `ping`.
fn apply(shared: &Shared, payload: &str) {
    let mut words = payload.split(' ');
    match (words.next(), words.next(), words.next()) {
        (Some("revoked"), Some(jti), Some(expires)) => match (jti.parse::<Uuid>(), expires.parse::<i64>()) {
            (Ok(jti), Ok(expires)) => {
                let mut state = shared.state.write().expect("watch state");
                state.revoked.insert(jti, expires);
            }
            _ => tracing::warn!(payload, "a revocation notification that does not parse"),
        },
        (Some("key"), Some(kid), None) => {
            let mut state = shared.state.write().expect("watch state");
            state.keys.remove(kid);
            state.key_generation += 1;
        }
        (Some("row"), Some(kind), Some(id)) => match (&shared.near, Kind::parse(kind)) {
            (Some(near), Some(kind)) => near.forget(&kind.key(id)),
            (None, _) => {}
            (_, None) => tracing::warn!(payload, "a change to a cache kind this build does not know"),
        },
        (Some("ping"), None, None) => {}
        _ => tracing::debug!(payload, "an unknown notification"),
    }
}

/// Drops what has expired (with an hour to spare for the leeway).
fn prune(shared: &Shared) {
    let horizon = OffsetDateTime::now_utc().unix_timestamp() - 3600;
    let mut state = shared.state.write().expect("watch state");
    state.revoked.retain(|_, expires| *expires > horizon);
    state.checked.retain(|_, checked| checked.claims.exp > horizon);
}

struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
