//! Connections for a process that serves requests, handed back without a
//! round trip.
//!
//! sqlx's pool pings every connection as it goes back (to flush a rollback
//! left by a dropped transaction, or notice a broken connection): a round
//! trip as long as a query's, on every request. Here the holder of a
//! connection that finished its work cleanly says so ([`Lease::release`]),
//! and it is reused as it is. A lease dropped otherwise (an error, a
//! cancelled request: the connection may hold a pending rollback or an
//! unread answer) is pinged in the background first, as sqlx does, and
//! closed if the ping fails. A connection idle for [`PING_AFTER_IDLE`] is
//! pinged before it is handed out.

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::{Error, Result};

/// A connection idle longer than this is pinged before it is used.
pub const PING_AFTER_IDLE: Duration = Duration::from_secs(30);

/// At most `max` connections, opened when first needed.
#[derive(Clone)]
pub struct Leases {
    inner: Arc<Inner>,
}

struct Inner {
    options: PgConnectOptions,
    idle: Mutex<Vec<(PgConnection, Instant)>>,
    permits: Arc<Semaphore>,
    max: usize,
    acquire_timeout: Duration,
}

impl Leases {
    pub fn new(options: PgConnectOptions, max: u32, acquire_timeout: Duration) -> Leases {
        let max = max.max(1) as usize;
        Leases {
            inner: Arc::new(Inner {
                options,
                idle: Mutex::new(Vec::new()),
                permits: Arc::new(Semaphore::new(max)),
                max,
                acquire_timeout,
            }),
        }
    }

    /// A connection: an idle one, else a new one; waits for one to come
    /// back when `max` are out, for at most the acquire timeout.
    pub async fn acquire(&self) -> Result<Lease> {
        let permit = tokio::time::timeout(
            self.inner.acquire_timeout,
            self.inner.permits.clone().acquire_owned(),
        )
        .await
        .map_err(|_| {
            Error::Retry(format!(
                "all {} database connections stayed busy for {}s (server.pool_max_connections)",
                self.inner.max,
                self.inner.acquire_timeout.as_secs_f64()
            ))
        })?
        .expect("the semaphore is never closed");
        loop {
            let idle = self.inner.idle.lock().expect("idle connections").pop();
            let Some((mut conn, since)) = idle else {
                let conn = PgConnection::connect_with(&self.inner.options)
                    .await
                    .map_err(Error::db("cannot connect to the database"))?;
                return Ok(self.lease(conn, permit));
            };
            if since.elapsed() <= PING_AFTER_IDLE || conn.ping().await.is_ok() {
                return Ok(self.lease(conn, permit));
            }
        }
    }

    /// Opens `count` connections now (the pool's minimum), so the first
    /// requests do not wait for them, and so that a database that cannot
    /// be reached fails the start.
    pub async fn open(&self, count: u32) -> Result<()> {
        let mut leases = Vec::new();
        for _ in 0..count.min(self.inner.max as u32) {
            leases.push(self.acquire().await?);
        }
        leases.into_iter().for_each(Lease::release);
        Ok(())
    }

    fn lease(&self, conn: PgConnection, permit: OwnedSemaphorePermit) -> Lease {
        Lease {
            conn: Some(conn),
            permit: Some(permit),
            inner: self.inner.clone(),
        }
    }

    /// Connections open now (in use or idle).
    pub fn size(&self) -> usize {
        self.inner.max - self.inner.permits.available_permits() + self.idle()
    }

    pub fn idle(&self) -> usize {
        self.inner.idle.lock().expect("idle connections").len()
    }
}

/// A connection out of [`Leases`].
pub struct Lease {
    conn: Option<PgConnection>,
    permit: Option<OwnedSemaphorePermit>,
    inner: Arc<Inner>,
}

impl Lease {
    /// Hands the connection back as it is. Call it only when every query
    /// on it has completed and no transaction is open.
    pub fn release(mut self) {
        if let Some(conn) = self.conn.take() {
            put_back(&self.inner, conn);
        }
    }
}

fn put_back(inner: &Inner, conn: PgConnection) {
    inner
        .idle
        .lock()
        .expect("idle connections")
        .push((conn, Instant::now()));
}

impl Deref for Lease {
    type Target = PgConnection;

    fn deref(&self) -> &PgConnection {
        self.conn
            .as_ref()
            .expect("a lease holds its connection until dropped")
    }
}

impl DerefMut for Lease {
    fn deref_mut(&mut self) -> &mut PgConnection {
        self.conn
            .as_mut()
            .expect("a lease holds its connection until dropped")
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        let Some(mut conn) = self.conn.take() else {
            return;
        };
        // Not released: ping it (flushing a rollback, reading what was left
        // unread) before anyone else uses it; its permit goes back after.
        let permit = self.permit.take();
        let inner = self.inner.clone();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if conn.ping().await.is_ok() {
                    put_back(&inner, conn);
                }
                drop(permit);
            });
        }
    }
}
