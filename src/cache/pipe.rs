//! Bulk writes the way `redis-cli --pipe` does them: commands encoded once,
//! straight into one RESP buffer per primary, and written whole.
//!
//! redis-rs' async pipelines build a `Cmd` per command (two allocations,
//! and the arguments copied twice: into the command, then into the packed
//! pipeline); at a million keys that cost more CPU than Redis itself spent
//! on them. Here a page's `SET`s are written once, into the buffer of the
//! primary that owns their slot, and sent through redis-rs' blocking
//! connection, which takes packed bytes as they are (`req_packed_commands`)
//! and still does the URL, TLS, AUTH and SELECT. Each send runs on a
//! blocking thread with its own connection, so several pages are in flight.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use redis::ConnectionLike;

use super::client::{self, Conn, Endpoint};
use super::{Cache, slots};
use crate::config::redact_url;
use crate::error::{Error, Result};

/// Commands for each primary, RESP-encoded.
pub struct Commands {
    /// One buffer per primary, and how many commands it holds.
    buffers: Vec<(Vec<u8>, usize)>,
    router: Arc<Router>,
}

impl Commands {
    /// `SET key value PX ms`, to the primary of `key`.
    pub fn set(&mut self, key: &[u8], value: &[u8], ttl: Duration) {
        let (buffer, count) = &mut self.buffers[self.router.node_of(key)];
        // The bytes beside the key and value: 13 for `*5 SET`, 8 for `PX`,
        // up to 26 for the three lengths and 10 for the TTL, and three CRLFs.
        buffer.reserve(key.len() + value.len() + 64);
        buffer.extend_from_slice(b"*5\r\n$3\r\nSET\r\n");
        bulk(buffer, key);
        bulk(buffer, value);
        buffer.extend_from_slice(b"$2\r\nPX\r\n");
        bulk(buffer, Digits::default().format(ttl.as_millis().max(1) as u64));
        *count += 1;
    }

    /// `DEL key`, to the primary of `key`.
    pub fn del(&mut self, key: &[u8]) {
        let (buffer, count) = &mut self.buffers[self.router.node_of(key)];
        buffer.extend_from_slice(b"*2\r\n$3\r\nDEL\r\n");
        bulk(buffer, key);
        *count += 1;
    }

    pub fn is_empty(&self) -> bool {
        self.buffers.iter().all(|(_, n)| *n == 0)
    }
}

/// A RESP bulk string. (Its length is formatted by `Digits`: through
/// `write!`, the three lengths of a SET cost as much as copying its bytes.)
fn bulk(buffer: &mut Vec<u8>, bytes: &[u8]) {
    buffer.push(b'$');
    buffer.extend_from_slice(Digits::default().format(bytes.len() as u64));
    buffer.extend_from_slice(b"\r\n");
    buffer.extend_from_slice(bytes);
    buffer.extend_from_slice(b"\r\n");
}

/// An integer's decimal digits, formatted without an allocation.
#[derive(Default)]
struct Digits([u8; 20]);

impl Digits {
    fn format(&mut self, mut n: u64) -> &[u8] {
        let mut at = self.0.len();
        loop {
            at -= 1;
            self.0[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        &self.0[at..]
    }
}

/// Which primary serves a key.
struct Router {
    /// For a cluster: the index of the primary that serves each slot.
    slot_owner: Option<Vec<usize>>,
    nodes: usize,
}

impl Router {
    fn node_of(&self, key: &[u8]) -> usize {
        match &self.slot_owner {
            Some(owners) => owners[slots::slot(key) as usize],
            None => 0,
        }
    }
}

/// One primary: its URL and idle connections (one per send in flight).
struct Node {
    url: String,
    idle: Mutex<Vec<redis::Connection>>,
}

/// Buffers kept for reuse: a page's buffer is a megabyte or more, and a
/// fresh one each page cost its growth's copies and the kernel's zeroing of
/// new pages (a third of the warm's own CPU time in a profile).
const SPARE_BUFFERS: usize = 32;

/// Sends `Commands` to the primaries.
#[derive(Clone)]
pub struct Pipe {
    router: Arc<Router>,
    nodes: Arc<Vec<Node>>,
    /// Sent buffers, emptied, for the next commands.
    spare: Arc<Mutex<Vec<Vec<u8>>>>,
    endpoint: Endpoint,
    timeout: Duration,
}

impl Pipe {
    /// For the primaries of `cache`'s Redis (the one server, or each primary
    /// of a cluster), with the bulk response timeout.
    pub async fn new(cache: &Cache) -> Result<Pipe> {
        let mut conn: Conn = cache.conn();
        let endpoint = cache.endpoint().clone();
        let urls = client::primaries(&mut conn, &endpoint).await?;
        let slot_owner = if cache.is_cluster() {
            Some(slots::owners(&mut conn, &urls).await?)
        } else {
            None
        };
        let pipe = Pipe {
            router: Arc::new(Router {
                slot_owner,
                nodes: urls.len(),
            }),
            nodes: Arc::new(
                urls.into_iter()
                    .map(|url| Node {
                        url,
                        idle: Mutex::new(Vec::new()),
                    })
                    .collect(),
            ),
            spare: Arc::default(),
            endpoint,
            timeout: cache.settings().bulk_response_timeout,
        };
        // Fail now, with the node's name, rather than on the first page
        // (connecting blocks, so not on the runtime's threads).
        let opened = pipe.clone();
        tokio::task::spawn_blocking(move || {
            for node in 0..opened.nodes.len() {
                let conn = opened.open(node)?;
                opened.nodes[node].idle.lock().expect("pipe lock").push(conn);
            }
            Ok::<(), Error>(())
        })
        .await
        .map_err(|e| Error::Internal(format!("connecting to Redis stopped: {e}")))??;
        Ok(pipe)
    }

    /// How many primaries the commands go to.
    pub fn primaries(&self) -> usize {
        self.router.nodes
    }

    /// An empty set of commands, routed like this pipe.
    pub fn commands(&self) -> Commands {
        let mut spare = self.spare.lock().expect("pipe lock");
        Commands {
            buffers: (0..self.router.nodes)
                .map(|_| (spare.pop().unwrap_or_default(), 0))
                .collect(),
            router: self.router.clone(),
        }
    }

    fn open(&self, node: usize) -> Result<redis::Connection> {
        let url = &self.nodes[node].url;
        let unreachable = |e: redis::RedisError| Error::Redis {
            context: format!(
                "cannot reach Redis node {}{}",
                redact_url(url),
                client::tls_hint(&e)
            ),
            source: e,
        };
        let conn = client::client(url, self.endpoint.ca_file.as_deref())?
            .get_connection_with_timeout(self.endpoint.connect_timeout)
            .map_err(unreachable)?;
        conn.set_read_timeout(Some(self.timeout)).map_err(unreachable)?;
        conn.set_write_timeout(Some(self.timeout)).map_err(unreachable)?;
        Ok(conn)
    }

    /// Sends the commands, each primary's concurrently, and fails on the
    /// first error reply. The future owns what it needs, so several can be
    /// in flight.
    pub fn send(&self, commands: Commands) -> impl Future<Output = Result<()>> + Send + 'static {
        let mut sends = tokio::task::JoinSet::new();
        for (node, (buffer, count)) in commands.buffers.into_iter().enumerate() {
            if count == 0 {
                continue;
            }
            let pipe = self.clone();
            sends.spawn_blocking(move || {
                let sent = pipe.send_to(node, &buffer, count);
                pipe.keep(buffer);
                sent
            });
        }
        async move {
            while let Some(sent) = sends.join_next().await {
                sent.map_err(|e| Error::Internal(format!("a Redis writer stopped: {e}")))??;
            }
            Ok(())
        }
    }

    /// Keeps a sent buffer for the next commands.
    fn keep(&self, mut buffer: Vec<u8>) {
        buffer.clear();
        let mut spare = self.spare.lock().expect("pipe lock");
        if spare.len() < SPARE_BUFFERS {
            spare.push(buffer);
        }
    }

    fn send_to(&self, node: usize, buffer: &[u8], count: usize) -> Result<()> {
        let idle = self.nodes[node].idle.lock().expect("pipe lock").pop();
        let mut conn = match idle {
            Some(conn) => conn,
            None => self.open(node)?,
        };
        let failed = |source| Error::Redis {
            context: format!(
                "cannot write warmed keys to {}",
                redact_url(&self.nodes[node].url)
            ),
            source,
        };
        // A connection that failed is dropped, not reused: its replies may
        // be out of step.
        let replies = conn.req_packed_commands(buffer, 0, count).map_err(failed)?;
        let refused = replies.iter().find_map(|r| match r {
            redis::Value::ServerError(e) => Some(e),
            _ => None,
        });
        if let Some(e) = refused {
            if e.code() == "OOM" {
                // Full, and set to refuse writes rather than evict: Redis's
                // configuration, not a fault of ours.
                return Err(Error::Config {
                    setting: "maxmemory-policy (of Redis)",
                    message: format!(
                        "{} is full and refuses writes ({}); set maxmemory-policy allkeys-lfu, or raise maxmemory",
                        redact_url(&self.nodes[node].url),
                        e.details().unwrap_or("OOM")
                    ),
                });
            }
            return Err(failed(e.clone().into()));
        }
        self.nodes[node].idle.lock().expect("pipe lock").push(conn);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_resp_arrays_of_bulk_strings() {
        let mut commands = Commands {
            buffers: vec![(Vec::new(), 0)],
            router: Arc::new(Router {
                slot_owner: None,
                nodes: 1,
            }),
        };
        commands.set(b"k:1", b"v{}", Duration::from_millis(86_400_000));
        commands.del(b"k:2");
        let (buffer, count) = &commands.buffers[0];
        assert_eq!(*count, 2);
        assert_eq!(
            String::from_utf8_lossy(buffer),
            "*5\r\n$3\r\nSET\r\n$3\r\nk:1\r\n$3\r\nv{}\r\n$2\r\nPX\r\n$8\r\n86400000\r\n*2\r\n$3\r\nDEL\r\n$3\r\nk:2\r\n"
        );
    }

    #[test]
    fn digits_format_without_allocating() {
        let mut d = Digits::default();
        assert_eq!(d.format(0), b"0");
        assert_eq!(d.format(1_234_567), b"1234567");
        assert_eq!(d.format(u64::MAX), u64::MAX.to_string().as_bytes());
    }
}
