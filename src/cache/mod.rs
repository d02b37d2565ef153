//! The Redis cache: cache-aside reads for the services, and what `cache
//! warm | stats | invalidate | flush` need.
//!
//! - `client`: one connection type for a standalone Redis and a Redis Cluster.
//! - `keys`: the kinds of entries and their keys (`platform:v1:...`).
//! - `kinds`: each kind described once: name, table, TTL tier, versions.
//! - `handle`: `Cache`, the one handle a process holds, and its counters.
//! - `aside`: the read-through with leases (the stale-set race, closed),
//!   negative caching, single-flight; writes after a commit.
//! - `outage`: Redis down means slower, not broken.
//! - `doorkeeper`: admission on the second miss.
//! - `entities`: the cached reads of each kind, and the keys a write invalidates.
//! - `metrics`: counters and the database-time histogram.
//! - `admin`: stats, invalidating one entry, flushing our keys.
//! - `warm`: filling Redis from PostgreSQL (`cache warm`).
//! - `refresh`: the whole cache again after `setup` or a restore.
//! - `pipe`: bulk writes as RESP buffers, one per primary (`redis-cli --pipe`'s way).
//! - `slots`: cluster slots, to send each primary its own pipeline.
//! - `probe`: reaching one server and reading what it is (`doctor`).
//! - `pg_hash`: the server's `uuid_hash_extended`, for the warm's version hashes.

pub mod admin;
mod aside;
pub mod client;
mod doorkeeper;
pub mod entities;
mod handle;
pub mod keys;
pub mod kinds;
mod metrics;
pub mod near;
mod outage;
pub mod pg_hash;
mod pipe;
mod probe;
pub mod refresh;
pub mod slots;
pub mod warm;

pub use handle::Cache;
pub use keys::Kind;
pub use metrics::{Histogram, Snapshot};
pub use probe::{ServerInfo, probe};
